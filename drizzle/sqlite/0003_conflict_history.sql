ALTER TABLE `conflicts` ADD `auto` text;
--> statement-breakpoint
ALTER TABLE `conflicts` ADD `resolved_by` text;
--> statement-breakpoint
ALTER TABLE `conflicts` ADD `choices` text;
