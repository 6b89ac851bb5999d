ALTER TABLE `outbox` ADD `sent` text;
