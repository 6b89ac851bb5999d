PRAGMA foreign_keys=OFF;
--> statement-breakpoint
CREATE TABLE `__new_photo_library` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`mime_type` text NOT NULL,
	`photo_id` text,
	`school_visit_id` text,
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
INSERT INTO `__new_photo_library`("sha256", "size", "mime_type", "photo_id", "school_visit_id", "original_name", "source_path", "blob_path", "thumbnail_path", "thumbnail_error", "captured_at", "latitude", "longitude", "camera", "imported_at") SELECT "sha256", "size", "mime_type", "photo_id", "school_visit_id", "original_name", "source_path", "blob_path", "thumbnail_path", "thumbnail_error", "captured_at", "latitude", "longitude", "camera", "imported_at" FROM `photo_library`;
--> statement-breakpoint
DROP TABLE `photo_library`;
--> statement-breakpoint
ALTER TABLE `__new_photo_library` RENAME TO `photo_library`;
--> statement-breakpoint
PRAGMA foreign_keys=ON;
--> statement-breakpoint
CREATE INDEX `photo_library_visit_idx` ON `photo_library` (`school_visit_id`);
