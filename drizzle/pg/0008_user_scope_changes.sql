CREATE TABLE "user_scope_changes" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"districts_before" uuid[],
	"districts_after" uuid[],
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE INDEX "user_scope_changes_user_seq_idx" ON "user_scope_changes" USING btree ("user_id","seq");
