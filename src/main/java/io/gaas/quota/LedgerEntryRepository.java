package io.gaas.quota;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface LedgerEntryRepository extends Repository<LedgerEntry, UUID> {

    Page<LedgerEntry> findByUserId(UUID userId, Pageable pageable);

    @Query("select coalesce(sum(e.deltaHours), 0) from LedgerEntry e where e.userId = :userId")
    BigDecimal sumOfDeltas(UUID userId);
}
