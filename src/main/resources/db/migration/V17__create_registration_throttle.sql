-- Successful self-registrations per client address (an IPv4 address or an IPv6 /64), shared by all
-- replicas. The address row is locked during a registration, so parallel ones are counted in turn;
-- address rows are kept, registrations older than the hour are purged.
CREATE TABLE registration_addresses (
    address VARCHAR(64) NOT NULL PRIMARY KEY
);

CREATE TABLE registrations (
    id            UUID        NOT NULL PRIMARY KEY,
    address       VARCHAR(64) NOT NULL,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_registrations_address_at ON registrations (address, registered_at);
CREATE INDEX ix_registrations_at ON registrations (registered_at);
