CREATE TABLE "feed_purge" (
	"id" smallint PRIMARY KEY NOT NULL,
	"purged_seq" bigint DEFAULT 0 NOT NULL,
	"purged_before" timestamp with time zone
);

