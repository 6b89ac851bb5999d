ALTER TABLE "users" ADD COLUMN "role" text DEFAULT 'officer' NOT NULL;
