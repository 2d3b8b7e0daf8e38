-- When the server relaying a connection last vouched that it was still open. A server that stops (or crashes) cannot
-- record the end of the connections it relayed; the servers still running end those not seen for a while.
ALTER TABLE terminal_connections ADD COLUMN seen_at TIMESTAMP WITH TIME ZONE;
