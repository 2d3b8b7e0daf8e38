-- What a runner last said about interactive terminals in jobs/request: OFFERED (it sent a session),
-- NO_SESSION_SERVER (its executor could, but it has no [session_server]), UNSUPPORTED; null until it asks for a job.
ALTER TABLE runners ADD COLUMN terminal_support VARCHAR(32);
