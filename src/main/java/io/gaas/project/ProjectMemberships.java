package io.gaas.project;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

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

    private static ProjectMembership map(ResultSet row, int n) throws SQLException {
        return new ProjectMembership(row.getObject("id", UUID.class), row.getString("name"), row.getBoolean("enabled"),
                ProjectRole.valueOf(row.getString("role")), row.getBigDecimal("cap_hours"),
                row.getBigDecimal("spent_hours"));
    }
}
