package io.gaas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The package boundaries: each top-level package of {@code io.gaas} is a feature module.
 * {@code verify()} fails on a dependency cycle between modules, on a use of another module's
 * internals, and on a dependency that the module's {@code package-info.java} does not allow. What
 * Java types cannot show, the use of another feature's tables in SQL, is {@link TableOwnershipTests}'s.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(GaasApplication.class);

    @Test
    void modulesWhenVerifiedThenHaveNoCyclesAndOnlyAllowedDependencies() {
        MODULES.verify();
    }

    /** A new feature states its arrows when it appears, rather than being allowed everything. */
    @Test
    void everyModuleDeclaresItsAllowedDependencies() {
        List<String> names = MODULES.stream().map(module -> module.getBasePackage().getName()).toList();

        assertThat(names).contains("io.gaas.quota", "io.gaas.job", "io.gaas.user", "io.gaas.web")
            .allSatisfy(name -> assertThat(declaration(name)).as("@ApplicationModule in %s.package-info", name)
                .isNotNull()
                .satisfies(module -> assertThat(module.allowedDependencies())
                    .doesNotContain(ApplicationModule.OPEN_TOKEN)));
    }

    private static ApplicationModule declaration(String packageName) {
        try {
            return Class.forName(packageName + ".package-info").getAnnotation(ApplicationModule.class);
        }
        catch (ClassNotFoundException noPackageInfo) {
            return null;
        }
    }
}
