CREATE TABLE "photo_blobs" (
	"organisation_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "photo_blobs_organisation_id_sha256_pk" PRIMARY KEY("organisation_id","sha256")
);

--> statement-breakpoint
CREATE TABLE "photo_upload_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"school_visit_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime_type" text NOT NULL,
	"part_size" integer NOT NULL,
	"store_upload_id" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE TABLE "photo_upload_parts" (
	"upload_id" uuid NOT NULL,
	"part_number" integer NOT NULL,
	"size" bigint NOT NULL,
	"etag" text NOT NULL,
	CONSTRAINT "photo_upload_parts_upload_id_part_number_pk" PRIMARY KEY("upload_id","part_number")
);

--> statement-breakpoint
ALTER TABLE "photo_upload_parts" ADD CONSTRAINT "photo_upload_parts_upload_id_photo_upload_sessions_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."photo_upload_sessions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "photo_upload_sessions_org_sha_idx" ON "photo_upload_sessions" USING btree ("organisation_id","sha256","status");
