-- Failed jobs kept for debugging: the runner keeps the job's environment and reports it running until the hold ends
-- (released by a user, or its time is up). The server owns the deadline, so that Extend and Release work from any
-- server instance. Kept after the job finishes, so the job page can say it was held.
CREATE TABLE job_debug_holds (
    job_id BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    requested_seconds BIGINT NOT NULL,
    exit_code INTEGER NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at TIMESTAMP WITH TIME ZONE NOT NULL,
    extensions INTEGER NOT NULL DEFAULT 0,
    released_at TIMESTAMP WITH TIME ZONE,
    released_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX job_debug_holds_open ON job_debug_holds (released_at, ends_at);
