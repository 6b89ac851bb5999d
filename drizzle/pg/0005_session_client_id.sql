ALTER TABLE "sessions" ADD COLUMN "client_id" uuid;
