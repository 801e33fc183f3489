package io.gaas.project;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.gaas.web.ValidationException;

/**
 * Who is in which project, for the features that act on a member's behalf (jobs, top-up requests,
 * reports). One indexed query each; nothing is cached, so a removal counts at once on every replica.
 */
@Component
public class ProjectMemberships {

    private static final String MEMBERSHIP = """
            SELECT p.id, p.name, p.enabled, m.role, m.cap_hours, m.spent_hours
            FROM projects p JOIN project_members m ON m.project_id = p.id""";

    private final JdbcClient jdbc;

    ProjectMemberships(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's membership of the project of that name (names are stored lower-cased); empty if none. */
    public Optional<ProjectMembership> of(String projectName, UUID userId) {
        return jdbc.sql(MEMBERSHIP + " WHERE p.name = :name AND m.user_id = :user")
            .param("name", projectName.toLowerCase(Locale.ROOT))
            .param("user", userId)
            .query(ProjectMemberships::map)
            .optional();
    }

    /** The user's membership of the project with that id; empty if none. */
    public Optional<ProjectMembership> of(UUID projectId, UUID userId) {
        return jdbc.sql(MEMBERSHIP + " WHERE p.id = :id AND m.user_id = :user")
            .param("id", projectId)
            .param("user", userId)
            .query(ProjectMemberships::map)
            .optional();
    }

    /** The ids of the projects the user manages. */
    public List<UUID> managedBy(UUID userId) {
        return jdbc.sql("SELECT project_id FROM project_members WHERE user_id = :user AND role = 'MANAGER'")
            .param("user", userId)
            .query(UUID.class)
            .list();
    }

    /** The project of that name, whoever asks (for admins' filters); empty if none. */
    public Optional<ProjectRef> find(String projectName) {
        return jdbc.sql("SELECT id, name FROM projects WHERE name = :name")
            .param("name", projectName.toLowerCase(Locale.ROOT))
            .query((row, n) -> new ProjectRef(row.getObject("id", UUID.class), row.getString("name")))
            .optional();
    }

    /**
     * Adds a charge to the member's spending in the current window, if it stays within their cap: one
     * conditional UPDATE, so that members' concurrent charges can never pass a cap together, on any
     * replica. It locks the member's row until the caller's transaction ends; the caller has charged
     * the project's account first (lock order: account, then member row), and a refusal here must
     * roll that charge back, which the exception does.
     *
     * @throws CapExceededException when the charge would pass the cap (with the cap and what is spent)
     * @throws ValidationException on {@code project} when the user is no longer a member
     */
    public void spend(UUID projectId, UUID userId, BigDecimal hours) {
        int updated = jdbc.sql("""
                UPDATE project_members SET spent_hours = spent_hours + :hours
                WHERE project_id = :project AND user_id = :user
                  AND (cap_hours IS NULL OR spent_hours + :hours <= cap_hours)""")
            .param("hours", hours)
            .param("project", projectId)
            .param("user", userId)
            .update();
        if (updated == 0) {
            ProjectMembership member = of(projectId, userId).orElseThrow(ProjectMemberships::notAMember);
            throw new CapExceededException(hours, member.capHours(), member.spentHours());
        }
    }

    /**
     * Takes a refund off the member's spending, if the job was charged inside the member's current
     * window (since the later of joining and the project's last refill): a refund of an earlier
     * charge, or to a member who has left, changes nothing. Never below 0. The caller refunds the
     * project's account first (lock order: account, then member row).
     */
    public void refund(UUID projectId, UUID userId, Instant chargedAt, BigDecimal hours) {
        if (hours.signum() <= 0) {
            return;
        }
        jdbc.sql("""
                UPDATE project_members SET spent_hours = GREATEST(spent_hours - :hours, 0)
                WHERE project_id = :project AND user_id = :user AND window_start <= :chargedAt""")
            .param("hours", hours)
            .param("project", projectId)
            .param("user", userId)
            .param("chargedAt", chargedAt.atOffset(ZoneOffset.UTC))
            .update();
    }

    /** The answer for a project that does not exist and for one the user is not in: never reveal which. */
    public static ValidationException notAMember() {
        return new ValidationException("project", "no such project, or you are not a member of it");
    }

    private static ProjectMembership map(ResultSet row, int n) throws SQLException {
        return new ProjectMembership(row.getObject("id", UUID.class), row.getString("name"), row.getBoolean("enabled"),
                ProjectRole.valueOf(row.getString("role")), row.getBigDecimal("cap_hours"),
                row.getBigDecimal("spent_hours"));
    }
}
