ALTER TABLE "school_visits" ADD COLUMN "follow_up_date" date;
--> statement-breakpoint
ALTER TABLE "school_visits" ADD COLUMN "follow_up_note" text;
