-- When each piece of a job's log arrived, so that the job page can show at what point of the job each line came.
-- Chunks stored before this have no time (NULL).
ALTER TABLE job_trace_chunks ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
