ALTER TABLE `school_visits` ADD `follow_up_date` text;
--> statement-breakpoint
ALTER TABLE `school_visits` ADD `follow_up_note` text;
--> statement-breakpoint
CREATE INDEX `school_visits_review_status_visit_date_idx` ON `school_visits` (`review_status`,`visit_date`);
