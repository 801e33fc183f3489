package io.gaas.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

interface UserRepository extends JpaRepository<User, UUID> {

    Optional<User> findByUsername(String username);

    boolean existsByUsername(String username);

    /**
     * Locks every enabled admin, so that two admins demoting each other at once (on any replica)
     * are serialised and can never leave the service without one.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.role = io.gaas.user.Role.ADMIN and u.enabled = true order by u.id")
    List<User> lockEnabledAdmins();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.id = :id")
    Optional<User> findForUpdateById(UUID id);

    /**
     * Replaces a hash with one of the same password at another cost. Only if the hash is still the
     * one that was checked: a password changed in between stays changed. No version bump, so it never
     * makes a concurrent admin change fail.
     */
    @Modifying(flushAutomatically = true)
    @Query("update User u set u.passwordHash = :newHash where u.id = :id and u.passwordHash = :oldHash")
    int replacePasswordHash(UUID id, String oldHash, String newHash);

    /** Revokes every token issued so far, atomically, whatever else changes the row. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update User u set u.tokenVersion = u.tokenVersion + 1 where u.id = :id")
    int incrementTokenVersion(UUID id);
}
