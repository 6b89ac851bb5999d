CREATE SEQUENCE "public"."change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "countries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"iso_code" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "project_forms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"form_version" integer NOT NULL,
	"questions" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "regions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"country_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "districts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "schools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"district_id" uuid NOT NULL,
	"name" text NOT NULL,
	"emis_code" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"type" text NOT NULL,
	"enrolment" integer NOT NULL,
	"head_teacher" text,
	"phone" text,
	"active" boolean NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "teachers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"gender" text NOT NULL,
	"employee_number" text,
	"qualification" text,
	"phone" text,
	"active" boolean NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "school_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"monitor_id" text NOT NULL,
	"monitor_name" text NOT NULL,
	"status" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"notes" text,
	"review_status" text NOT NULL,
	"review_comment" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "teacher_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_visit_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"lesson_observed" boolean NOT NULL,
	"subject" text NOT NULL,
	"grade" integer NOT NULL,
	"score" double precision,
	"notes" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "pupil_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_visit_id" uuid NOT NULL,
	"pupil_code" text NOT NULL,
	"grade" integer NOT NULL,
	"gender" text NOT NULL,
	"age" integer NOT NULL,
	"language" text NOT NULL,
	"duration_seconds" integer NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "monitoring_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_visit_id" uuid NOT NULL,
	"project_form_id" uuid NOT NULL,
	"question_key" text NOT NULL,
	"value" text NOT NULL,
	"comment" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_visit_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"mime_type" text NOT NULL,
	"captured_at" timestamp with time zone,
	"latitude" double precision,
	"longitude" double precision,
	"camera" text,
	"original_name" text NOT NULL,
	"caption" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "section_answers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_assessment_id" uuid NOT NULL,
	"section" text NOT NULL,
	"correct" integer NOT NULL,
	"attempted" integer NOT NULL,
	"seconds" integer NOT NULL,
	"answers" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "assessment_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_assessment_id" uuid NOT NULL,
	"total" integer NOT NULL,
	"benchmark_band" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"district_scope" uuid,
	"last_client_id" uuid
);

--> statement-breakpoint
CREATE TABLE "feed_head" (
	"id" smallint PRIMARY KEY NOT NULL,
	"head" bigint NOT NULL,
	"epoch" text NOT NULL
);

--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"district_ids" uuid[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);

--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE TABLE "applied_ops" (
	"op_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

--> statement-breakpoint
CREATE TABLE "scope_exits" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"record_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"organisation_scope" uuid NOT NULL,
	"from_district" uuid NOT NULL,
	"to_district" uuid
);

--> statement-breakpoint
ALTER TABLE "countries" ADD CONSTRAINT "countries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "project_forms" ADD CONSTRAINT "project_forms_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "teachers" ADD CONSTRAINT "teachers_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "school_visits" ADD CONSTRAINT "school_visits_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "teacher_visits" ADD CONSTRAINT "teacher_visits_school_visit_id_school_visits_id_fk" FOREIGN KEY ("school_visit_id") REFERENCES "public"."school_visits"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "teacher_visits" ADD CONSTRAINT "teacher_visits_teacher_id_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."teachers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "pupil_assessments" ADD CONSTRAINT "pupil_assessments_school_visit_id_school_visits_id_fk" FOREIGN KEY ("school_visit_id") REFERENCES "public"."school_visits"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_answers" ADD CONSTRAINT "monitoring_answers_school_visit_id_school_visits_id_fk" FOREIGN KEY ("school_visit_id") REFERENCES "public"."school_visits"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitoring_answers" ADD CONSTRAINT "monitoring_answers_project_form_id_project_forms_id_fk" FOREIGN KEY ("project_form_id") REFERENCES "public"."project_forms"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_school_visit_id_school_visits_id_fk" FOREIGN KEY ("school_visit_id") REFERENCES "public"."school_visits"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "section_answers" ADD CONSTRAINT "section_answers_pupil_assessment_id_pupil_assessments_id_fk" FOREIGN KEY ("pupil_assessment_id") REFERENCES "public"."pupil_assessments"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_pupil_assessment_id_pupil_assessments_id_fk" FOREIGN KEY ("pupil_assessment_id") REFERENCES "public"."pupil_assessments"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "organisations_seq_idx" ON "organisations" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "organisations_org_seq_idx" ON "organisations" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "organisations_district_seq_idx" ON "organisations" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "countries_organisation_id_idx" ON "countries" USING btree ("organisation_id");
--> statement-breakpoint
CREATE INDEX "countries_seq_idx" ON "countries" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "countries_org_seq_idx" ON "countries" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "countries_district_seq_idx" ON "countries" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "project_forms_organisation_id_idx" ON "project_forms" USING btree ("organisation_id");
--> statement-breakpoint
CREATE INDEX "project_forms_seq_idx" ON "project_forms" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "project_forms_org_seq_idx" ON "project_forms" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "project_forms_district_seq_idx" ON "project_forms" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "regions_country_id_idx" ON "regions" USING btree ("country_id");
--> statement-breakpoint
CREATE INDEX "regions_seq_idx" ON "regions" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "regions_org_seq_idx" ON "regions" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "regions_district_seq_idx" ON "regions" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "districts_region_id_idx" ON "districts" USING btree ("region_id");
--> statement-breakpoint
CREATE INDEX "districts_seq_idx" ON "districts" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "districts_org_seq_idx" ON "districts" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "districts_district_seq_idx" ON "districts" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "schools_district_id_idx" ON "schools" USING btree ("district_id");
--> statement-breakpoint
CREATE INDEX "schools_seq_idx" ON "schools" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "schools_org_seq_idx" ON "schools" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "schools_district_seq_idx" ON "schools" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "teachers_school_id_idx" ON "teachers" USING btree ("school_id");
--> statement-breakpoint
CREATE INDEX "teachers_seq_idx" ON "teachers" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "teachers_org_seq_idx" ON "teachers" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "teachers_district_seq_idx" ON "teachers" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "school_visits_school_id_idx" ON "school_visits" USING btree ("school_id");
--> statement-breakpoint
CREATE INDEX "school_visits_seq_idx" ON "school_visits" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "school_visits_org_seq_idx" ON "school_visits" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "school_visits_district_seq_idx" ON "school_visits" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "teacher_visits_school_visit_id_idx" ON "teacher_visits" USING btree ("school_visit_id");
--> statement-breakpoint
CREATE INDEX "teacher_visits_teacher_id_idx" ON "teacher_visits" USING btree ("teacher_id");
--> statement-breakpoint
CREATE INDEX "teacher_visits_seq_idx" ON "teacher_visits" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "teacher_visits_org_seq_idx" ON "teacher_visits" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "teacher_visits_district_seq_idx" ON "teacher_visits" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "pupil_assessments_school_visit_id_idx" ON "pupil_assessments" USING btree ("school_visit_id");
--> statement-breakpoint
CREATE INDEX "pupil_assessments_seq_idx" ON "pupil_assessments" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "pupil_assessments_org_seq_idx" ON "pupil_assessments" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "pupil_assessments_district_seq_idx" ON "pupil_assessments" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "monitoring_answers_school_visit_id_idx" ON "monitoring_answers" USING btree ("school_visit_id");
--> statement-breakpoint
CREATE INDEX "monitoring_answers_project_form_id_idx" ON "monitoring_answers" USING btree ("project_form_id");
--> statement-breakpoint
CREATE INDEX "monitoring_answers_seq_idx" ON "monitoring_answers" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "monitoring_answers_org_seq_idx" ON "monitoring_answers" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "monitoring_answers_district_seq_idx" ON "monitoring_answers" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "photos_school_visit_id_idx" ON "photos" USING btree ("school_visit_id");
--> statement-breakpoint
CREATE INDEX "photos_seq_idx" ON "photos" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "photos_org_seq_idx" ON "photos" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "photos_district_seq_idx" ON "photos" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "section_answers_pupil_assessment_id_idx" ON "section_answers" USING btree ("pupil_assessment_id");
--> statement-breakpoint
CREATE INDEX "section_answers_seq_idx" ON "section_answers" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "section_answers_org_seq_idx" ON "section_answers" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "section_answers_district_seq_idx" ON "section_answers" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE INDEX "assessment_results_pupil_assessment_id_idx" ON "assessment_results" USING btree ("pupil_assessment_id");
--> statement-breakpoint
CREATE INDEX "assessment_results_seq_idx" ON "assessment_results" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "assessment_results_org_seq_idx" ON "assessment_results" USING btree ("organisation_scope","seq");
--> statement-breakpoint
CREATE INDEX "assessment_results_district_seq_idx" ON "assessment_results" USING btree ("district_scope","seq");
--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_results_unique_0" ON "assessment_results" USING btree ("pupil_assessment_id") WHERE deleted = false;
--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");
--> statement-breakpoint
CREATE INDEX "scope_exits_entity_seq_idx" ON "scope_exits" USING btree ("entity","seq");
--> statement-breakpoint
CREATE INDEX "scope_exits_from_idx" ON "scope_exits" USING btree ("from_district");
