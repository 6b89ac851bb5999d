CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text
);

--> statement-breakpoint
CREATE INDEX `organisations_pending_idx` ON `organisations` (`_local_state`) WHERE "organisations"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `countries` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`iso_code` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `countries_organisation_id_idx` ON `countries` (`organisation_id`);
--> statement-breakpoint
CREATE INDEX `countries_pending_idx` ON `countries` (`_local_state`) WHERE "countries"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `project_forms` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`form_version` integer NOT NULL,
	`questions` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `project_forms_organisation_id_idx` ON `project_forms` (`organisation_id`);
--> statement-breakpoint
CREATE INDEX `project_forms_pending_idx` ON `project_forms` (`_local_state`) WHERE "project_forms"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` text PRIMARY KEY NOT NULL,
	`country_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`country_id`) REFERENCES `countries`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `regions_country_id_idx` ON `regions` (`country_id`);
--> statement-breakpoint
CREATE INDEX `regions_pending_idx` ON `regions` (`_local_state`) WHERE "regions"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `districts` (
	`id` text PRIMARY KEY NOT NULL,
	`region_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `districts_region_id_idx` ON `districts` (`region_id`);
--> statement-breakpoint
CREATE INDEX `districts_pending_idx` ON `districts` (`_local_state`) WHERE "districts"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `schools` (
	`id` text PRIMARY KEY NOT NULL,
	`district_id` text NOT NULL,
	`name` text NOT NULL,
	`emis_code` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`type` text NOT NULL,
	`enrolment` integer NOT NULL,
	`head_teacher` text,
	`phone` text,
	`active` integer NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `schools_district_id_idx` ON `schools` (`district_id`);
--> statement-breakpoint
CREATE INDEX `schools_pending_idx` ON `schools` (`_local_state`) WHERE "schools"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `teachers` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`gender` text NOT NULL,
	`employee_number` text,
	`qualification` text,
	`phone` text,
	`active` integer NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `teachers_school_id_idx` ON `teachers` (`school_id`);
--> statement-breakpoint
CREATE INDEX `teachers_pending_idx` ON `teachers` (`_local_state`) WHERE "teachers"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `school_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`visit_date` text NOT NULL,
	`monitor_id` text NOT NULL,
	`monitor_name` text NOT NULL,
	`status` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`notes` text,
	`review_status` text NOT NULL,
	`review_comment` text,
	`reviewed_by` text,
	`reviewed_at` text,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `school_visits_school_id_idx` ON `school_visits` (`school_id`);
--> statement-breakpoint
CREATE INDEX `school_visits_pending_idx` ON `school_visits` (`_local_state`) WHERE "school_visits"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `teacher_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`school_visit_id` text NOT NULL,
	`teacher_id` text NOT NULL,
	`lesson_observed` integer NOT NULL,
	`subject` text NOT NULL,
	`grade` integer NOT NULL,
	`score` real,
	`notes` text,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`school_visit_id`) REFERENCES `school_visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `teachers`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `teacher_visits_school_visit_id_idx` ON `teacher_visits` (`school_visit_id`);
--> statement-breakpoint
CREATE INDEX `teacher_visits_teacher_id_idx` ON `teacher_visits` (`teacher_id`);
--> statement-breakpoint
CREATE INDEX `teacher_visits_pending_idx` ON `teacher_visits` (`_local_state`) WHERE "teacher_visits"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `pupil_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`school_visit_id` text NOT NULL,
	`pupil_code` text NOT NULL,
	`grade` integer NOT NULL,
	`gender` text NOT NULL,
	`age` integer NOT NULL,
	`language` text NOT NULL,
	`duration_seconds` integer NOT NULL,
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
CREATE INDEX `pupil_assessments_school_visit_id_idx` ON `pupil_assessments` (`school_visit_id`);
--> statement-breakpoint
CREATE INDEX `pupil_assessments_pending_idx` ON `pupil_assessments` (`_local_state`) WHERE "pupil_assessments"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `monitoring_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`school_visit_id` text NOT NULL,
	`project_form_id` text NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	`comment` text,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`school_visit_id`) REFERENCES `school_visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_form_id`) REFERENCES `project_forms`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `monitoring_answers_school_visit_id_idx` ON `monitoring_answers` (`school_visit_id`);
--> statement-breakpoint
CREATE INDEX `monitoring_answers_project_form_id_idx` ON `monitoring_answers` (`project_form_id`);
--> statement-breakpoint
CREATE INDEX `monitoring_answers_pending_idx` ON `monitoring_answers` (`_local_state`) WHERE "monitoring_answers"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `section_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`pupil_assessment_id` text NOT NULL,
	`section` text NOT NULL,
	`correct` integer NOT NULL,
	`attempted` integer NOT NULL,
	`seconds` integer NOT NULL,
	`answers` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`pupil_assessment_id`) REFERENCES `pupil_assessments`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `section_answers_pupil_assessment_id_idx` ON `section_answers` (`pupil_assessment_id`);
--> statement-breakpoint
CREATE INDEX `section_answers_pending_idx` ON `section_answers` (`_local_state`) WHERE "section_answers"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `assessment_results` (
	`id` text PRIMARY KEY NOT NULL,
	`pupil_assessment_id` text NOT NULL,
	`total` integer NOT NULL,
	`benchmark_band` text NOT NULL,
	`_version` integer,
	`_updated_at` text,
	`_deleted` integer DEFAULT false NOT NULL,
	`_local_state` text DEFAULT 'synced' NOT NULL,
	`_base_version` integer,
	`_base` text,
	`_local_updated_at` text,
	FOREIGN KEY (`pupil_assessment_id`) REFERENCES `pupil_assessments`(`id`) ON UPDATE no action ON DELETE no action
);

--> statement-breakpoint
CREATE INDEX `assessment_results_pupil_assessment_id_idx` ON `assessment_results` (`pupil_assessment_id`);
--> statement-breakpoint
CREATE INDEX `assessment_results_pending_idx` ON `assessment_results` (`_local_state`) WHERE "assessment_results"."_local_state" = 'pending';
--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`fields` text NOT NULL,
	`base` text,
	`local` text NOT NULL,
	`server` text NOT NULL,
	`local_deleted` integer DEFAULT false NOT NULL,
	`server_deleted` integer DEFAULT false NOT NULL,
	`base_version` integer,
	`server_version` integer NOT NULL,
	`resolved` text,
	`created_at` text NOT NULL,
	`resolved_at` text
);

--> statement-breakpoint
CREATE INDEX `conflicts_record_idx` ON `conflicts` (`entity`,`record_id`);
--> statement-breakpoint
CREATE INDEX `conflicts_status_idx` ON `conflicts` (`status`);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` text NOT NULL,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`changes` text,
	`base_version` integer,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);

--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_op_id_unique` ON `outbox` (`op_id`);
--> statement-breakpoint
CREATE INDEX `outbox_record_idx` ON `outbox` (`entity`,`record_id`);
--> statement-breakpoint
CREATE INDEX `outbox_state_idx` ON `outbox` (`state`);
--> statement-breakpoint
CREATE TABLE `store_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);

--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`collection` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`last_synced_at` text
);

