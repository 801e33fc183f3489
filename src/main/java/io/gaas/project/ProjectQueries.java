package io.gaas.project;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Projects and members in plain SQL: a page of projects with the caller's role in each, in one
 * query; members with their usernames, in one query per page; and the member writes that must be
 * single statements (an insert that yields to a concurrent one instead of failing its transaction).
 */
@Repository
class ProjectQueries {

    /** A member row as its changes need it. */
    record MemberState(ProjectRole role) {
    }

    private static final String PROJECT = """
            SELECT p.id, p.name, p.description, p.enabled, p.created_at, m.role
            FROM projects p LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = :caller""";

    private static final String NEWEST_FIRST = " ORDER BY p.created_at DESC, p.id DESC LIMIT :limit OFFSET :offset";

    private static final String MEMBER = """
            SELECT u.username, m.role, m.cap_hours, m.spent_hours, m.added_at
            FROM project_members m JOIN users u ON u.id = m.user_id""";

    private final JdbcClient jdbc;

    ProjectQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ProjectRow> find(UUID projectId, UUID caller) {
        return jdbc.sql(PROJECT + " WHERE p.id = :id")
            .param("caller", caller)
            .param("id", projectId)
            .query(ProjectQueries::project)
            .optional();
    }

    /** Every project, newest first, with the caller's role where the caller is a member. */
    List<ProjectRow> all(UUID caller, Pageable page) {
        return jdbc.sql(PROJECT + NEWEST_FIRST)
            .param("caller", caller)
            .param("limit", page.getPageSize())
            .param("offset", page.getOffset())
            .query(ProjectQueries::project)
            .list();
    }

    long countAll() {
        return jdbc.sql("SELECT COUNT(*) FROM projects").query(Long.class).single();
    }

    /** The caller's projects, newest first. */
    List<ProjectRow> ofMember(UUID caller, Pageable page) {
        return jdbc.sql(PROJECT + " WHERE m.user_id IS NOT NULL" + NEWEST_FIRST)
            .param("caller", caller)
            .param("limit", page.getPageSize())
            .param("offset", page.getOffset())
            .query(ProjectQueries::project)
            .list();
    }

    long countOfMember(UUID caller) {
        return jdbc.sql("SELECT COUNT(*) FROM project_members WHERE user_id = :caller")
            .param("caller", caller)
            .query(Long.class)
            .single();
    }

    /** The project's members, newest first. */
    List<ProjectMemberResponse> members(UUID projectId, Pageable page) {
        return jdbc.sql(MEMBER + " WHERE m.project_id = :project"
                + " ORDER BY m.added_at DESC, m.user_id DESC LIMIT :limit OFFSET :offset")
            .param("project", projectId)
            .param("limit", page.getPageSize())
            .param("offset", page.getOffset())
            .query(ProjectQueries::member)
            .list();
    }

    long countMembers(UUID projectId) {
        return jdbc.sql("SELECT COUNT(*) FROM project_members WHERE project_id = :project")
            .param("project", projectId)
            .query(Long.class)
            .single();
    }

    Optional<ProjectMemberResponse> member(UUID projectId, UUID userId) {
        return jdbc.sql(MEMBER + " WHERE m.project_id = :project AND m.user_id = :user")
            .param("project", projectId)
            .param("user", userId)
            .query(ProjectQueries::member)
            .optional();
    }

    /**
     * Adds the member with a new window (nothing spent in it yet), unless the user is a member
     * already. The window starts at the project's newest ledger entry, not at this replica's clock:
     * every later charge is dated at or after that entry whatever the clock of the replica that
     * takes it, and every charge of an earlier membership at or before it. On PostgreSQL a concurrent insert of the same member waits for the other one and then
     * does nothing, so the caller can go on to change the row instead of failing its transaction.
     *
     * @return whether the member was added
     */
    boolean insertMember(UUID projectId, UUID userId, ProjectRole role, BigDecimal capHours, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                INSERT INTO project_members (project_id, user_id, role, cap_hours, spent_hours, window_start, added_at)
                VALUES (:project, :user, :role, :cap, 0,
                        COALESCE((SELECT a.last_entry_at FROM quota_accounts a WHERE a.account_id = :project), :at), :at)
                ON CONFLICT DO NOTHING""")
            .param("project", projectId)
            .param("user", userId)
            .param("role", role.name())
            .param("cap", capHours)
            .param("at", at)
            .update() == 1;
    }

    /** The member's row, locked until the transaction ends; empty if the user is not a member. */
    Optional<MemberState> lockMember(UUID projectId, UUID userId) {
        return jdbc.sql("SELECT role FROM project_members WHERE project_id = :project AND user_id = :user FOR UPDATE")
            .param("project", projectId)
            .param("user", userId)
            .query((row, n) -> new MemberState(ProjectRole.valueOf(row.getString("role"))))
            .optional();
    }

    /** Replaces the role and cap; the window and what was spent in it stay. */
    void updateMember(UUID projectId, UUID userId, ProjectRole role, BigDecimal capHours) {
        jdbc.sql("UPDATE project_members SET role = :role, cap_hours = :cap WHERE project_id = :project AND user_id = :user")
            .param("role", role.name())
            .param("cap", capHours)
            .param("project", projectId)
            .param("user", userId)
            .update();
    }

    void deleteMember(UUID projectId, UUID userId) {
        jdbc.sql("DELETE FROM project_members WHERE project_id = :project AND user_id = :user")
            .param("project", projectId)
            .param("user", userId)
            .update();
    }

    private static ProjectRow project(ResultSet row, int n) throws SQLException {
        String role = row.getString("role");
        return new ProjectRow(row.getObject("id", UUID.class), row.getString("name"), row.getString("description"),
                row.getBoolean("enabled"), row.getObject("created_at", OffsetDateTime.class).toInstant(),
                role == null ? null : ProjectRole.valueOf(role));
    }

    private static ProjectMemberResponse member(ResultSet row, int n) throws SQLException {
        return new ProjectMemberResponse(row.getString("username"), ProjectRole.valueOf(row.getString("role")),
                row.getBigDecimal("cap_hours"), row.getBigDecimal("spent_hours"),
                row.getObject("added_at", OffsetDateTime.class).toInstant());
    }
}
