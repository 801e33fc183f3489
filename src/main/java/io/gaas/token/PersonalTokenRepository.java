package io.gaas.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface PersonalTokenRepository extends JpaRepository<PersonalToken, UUID> {

    Page<PersonalToken> findByUserId(UUID userId, Pageable pageable);

    Optional<PersonalToken> findByIdAndUserId(UUID id, UUID userId);

    long countByUserIdAndExpiresAtAfter(UUID userId, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from PersonalToken t where t.userId = :userId")
    int deleteByUserId(UUID userId);
}
