CREATE TABLE `photos` (
	`id` text PRIMARY KEY NOT NULL,
	`school_visit_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`mime_type` text NOT NULL,
	`captured_at` text,
	`latitude` real,
	`longitude` real,
	`camera` text,
	`original_name` text NOT NULL,
	`caption` text,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`school_visit_id`) REFERENCES `school_visits`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `photos_school_visit_id_idx` ON `photos` (`school_visit_id`);
--> statement-breakpoint
CREATE INDEX `photos_pending_idx` ON `photos` (`_local_state`) WHERE "photos"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `photo_library` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`mime_type` text NOT NULL,
	`photo_id` text NOT NULL,
	`school_visit_id` text NOT NULL,
	`original_name` text NOT NULL,
	`source_path` text NOT NULL,
	`blob_path` text NOT NULL,
	`thumbnail_path` text,
	`thumbnail_error` text,
	`captured_at` text,
	`latitude` real,
	`longitude` real,
	`camera` text,
	`imported_at` text NOT NULL
);

--> statement-breakpoint
CREATE INDEX `photo_library_visit_idx` ON `photo_library` (`school_visit_id`);
--> statement-breakpoint
CREATE TABLE `photo_uploads` (
	`sha256` text PRIMARY KEY NOT NULL,
	`photo_id` text NOT NULL,
	`school_visit_id` text NOT NULL,
	`size` integer NOT NULL,
	`mime_type` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`upload_id` text,
	`part_size` integer,
	`parts_done` text DEFAULT '[]' NOT NULL,
	`bytes_acked` integer DEFAULT 0 NOT NULL,
	`bytes_sent` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);

--> statement-breakpoint
CREATE INDEX `photo_uploads_state_idx` ON `photo_uploads` (`state`);
