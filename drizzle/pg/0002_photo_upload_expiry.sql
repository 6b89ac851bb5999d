CREATE INDEX "photo_upload_sessions_open_created_idx" ON "photo_upload_sessions" USING btree ("created_at") WHERE "photo_upload_sessions"."status" = 'open';
