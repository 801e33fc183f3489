-- Top-up requests: a user asks for more hours for their own account or a project's; an admin
-- approves (all or part of it) or denies, or the requester withdraws it. A request leaves OPEN only
-- by a conditional UPDATE ... WHERE status = 'OPEN', so of two decisions at once exactly one wins.
-- The requester's and the project's names are kept with the request, as a job keeps its pool's:
-- neither can be renamed, and a view needs no read of another feature's table.
CREATE TABLE quota_requests (
    id             UUID           NOT NULL PRIMARY KEY,
    requester_id   UUID           NOT NULL,
    requester_name VARCHAR(32)    NOT NULL,
    project_id     UUID,
    project_name   VARCHAR(32),
    hours          NUMERIC(14, 2) NOT NULL,
    -- Room for 2000 characters outside the BMP on H2 (see V8).
    justification  VARCHAR(4000)  NOT NULL,
    status         VARCHAR(9)     NOT NULL,
    granted_hours  NUMERIC(14, 2),
    decided_by     VARCHAR(32),
    decided_at     TIMESTAMP(6) WITH TIME ZONE,
    note           VARCHAR(1000),
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_quota_requests_requester FOREIGN KEY (requester_id) REFERENCES users (id),
    CONSTRAINT fk_quota_requests_project FOREIGN KEY (project_id) REFERENCES projects (id),
    CONSTRAINT ck_quota_requests_project CHECK ((project_id IS NULL) = (project_name IS NULL)),
    CONSTRAINT ck_quota_requests_hours CHECK (hours >= 0.01 AND hours <= 100000),
    CONSTRAINT ck_quota_requests_status CHECK (status IN ('OPEN', 'APPROVED', 'DENIED', 'WITHDRAWN')),
    -- Only an approval grants hours, and never more than were asked for.
    CONSTRAINT ck_quota_requests_granted CHECK (
        (status = 'APPROVED' AND granted_hours >= 0.01 AND granted_hours <= hours)
        OR (status <> 'APPROVED' AND granted_hours IS NULL)),
    CONSTRAINT ck_quota_requests_decided CHECK ((status = 'OPEN') = (decided_at IS NULL))
);

-- A requester's own requests (and the count of their OPEN ones), a project's, and everyone's:
-- each list is newest first.
CREATE INDEX ix_quota_requests_requester ON quota_requests (requester_id, status, created_at, id);
CREATE INDEX ix_quota_requests_project ON quota_requests (project_id, created_at, id);
CREATE INDEX ix_quota_requests_status ON quota_requests (status, created_at, id);
CREATE INDEX ix_quota_requests_created ON quota_requests (created_at, id);
