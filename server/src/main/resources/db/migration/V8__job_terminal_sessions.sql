-- The terminal session a runner offered for a running job (kept only while the job runs), and, when the session
-- was refused, why: the job page and API say it so that an administrator knows what to change.
-- The authorization is the runner's secret for this one session; the server must send it back to the runner, so
-- it is stored as given (it dies with the job).
CREATE TABLE job_sessions (
    job_id BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    url VARCHAR(2000) NOT NULL,
    certificate VARCHAR NOT NULL,
    authorization_token VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE jobs ADD COLUMN terminal_unavailable_reason VARCHAR(2000);
