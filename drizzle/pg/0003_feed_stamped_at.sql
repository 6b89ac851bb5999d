ALTER TABLE "feed_head" ADD COLUMN "stamped_at" timestamp with time zone;
