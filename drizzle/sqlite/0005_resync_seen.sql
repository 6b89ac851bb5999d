CREATE TABLE `resync_seen` (
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`entity`, `record_id`)
);

