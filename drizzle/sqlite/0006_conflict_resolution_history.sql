ALTER TABLE `conflicts` ADD `resolution_op_id` text;
--> statement-breakpoint
ALTER TABLE `conflicts` ADD `history_state` text;
--> statement-breakpoint
ALTER TABLE `conflicts` ADD `history_error` text;
--> statement-breakpoint
CREATE INDEX `conflicts_history_idx` ON `conflicts` (`history_state`);
