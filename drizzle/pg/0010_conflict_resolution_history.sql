CREATE TABLE "conflict_resolutions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"client_id" uuid,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"entity" text NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"choices" jsonb NOT NULL,
	"resolved_by" text,
	"detected_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone NOT NULL,
	"base_version" bigint,
	"server_version" bigint NOT NULL,
	"op_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE INDEX "conflict_resolutions_record_idx" ON "conflict_resolutions" USING btree ("entity","record_id");
--> statement-breakpoint
CREATE INDEX "conflict_resolutions_org_received_idx" ON "conflict_resolutions" USING btree ("organisation_scope","received_at");
