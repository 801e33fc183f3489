# GaaS container image.
#
#   docker build -t gaas .
#   docker run -p 8080:8080 gaas                      # H2 file database under /app/data
#
# Production settings (PostgreSQL, secrets, profile) come from environment variables; see
# docker-compose.yml and "Production" in README.md.

# ---------------------------------------------------------------------------------------------
# Build: compile and package with the Maven wrapper, then extract the jar into layers.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# Wrapper and POM first: the Maven download and the dependency resolution are cached in their own
# layers and only run again when pom.xml (or the wrapper) changes, not on every source edit.
# The wrapper needs no curl, wget or unzip: it falls back to a small Java downloader and a .tar.gz.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -ntp dependency:go-offline

COPY src/ src/
# Tests run in CI (.ci/run); the image build only packages.
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/gaas-1.0.0.jar extract --layers --destination extracted

# ---------------------------------------------------------------------------------------------
# Runtime: JRE only, the extracted jar, an AOT cache, a non-root user.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre

# Fixed ids, so volume ownership and runAsNonRoot-style policies can rely on them.
RUN groupadd --system --gid 10001 gaas \
 && useradd --system --uid 10001 --gid gaas --home-dir /app --no-create-home \
            --shell /usr/sbin/nologin gaas

WORKDIR /app

# Extracted layout: /app/gaas-1.0.0.jar (the application classes, whose manifest names lib/) and
# /app/lib/*.jar. One COPY per layer, least often changed first: a code change rebuilds only the
# last, small layer (~150 KB) and reuses the ~70 MB of dependencies.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Java AOT cache (JDK 25, JEP 483/514): a training run that starts the application context and
# exits (spring.context.exit=onRefresh) records the loaded and linked classes; later starts map
# them in and reach readiness faster. It only works on the extracted layout (a class path of
# plain jars, identical at training and run time) and with this very JVM, hence this stage.
# The training run uses a throwaway in-memory H2 database, so it needs no network and leaves no
# data in the image. If a start-up finds the cache unusable (other JVM, other class path,
# incompatible GC or heap settings), the JVM prints a warning and starts without it.
# The cache records the class path as written: absolute paths here and in ENTRYPOINT keep it
# valid whatever the working directory of the container.
RUN SPRING_DATASOURCE_URL='jdbc:h2:mem:aot-training;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH' \
    java -XX:MaxRAMPercentage=75 -XX:AOTCacheOutput=/app/app.aot -Xlog:aot=error -Xlog:cds=error \
         -Dspring.context.exit=onRefresh -jar /app/gaas-1.0.0.jar \
 && rm -rf /tmp/tomcat.* /tmp/hsperfdata_root

COPY deploy/healthcheck.sh /usr/local/bin/gaas-healthcheck

# The default datasource is an H2 file database under ./data, the one directory of /app the
# service writes to (mount a volume there to keep it). With PostgreSQL it stays empty.
RUN mkdir -p /app/data && chown gaas:gaas /app/data && chmod 0755 /usr/local/bin/gaas-healthcheck

USER 10001:10001

# The API (SERVER_PORT). Actuator shares it unless MANAGEMENT_SERVER_PORT moves it (the compose
# stack uses 8081, reachable only inside the stack's network).
EXPOSE 8080

# Readiness, not liveness: "healthy" means the instance accepts traffic (database reachable).
# deploy/healthcheck.sh speaks HTTP over bash's /dev/tcp, because the JRE image has neither curl
# nor wget. The start period covers a cold start on a small machine.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD ["/usr/local/bin/gaas-healthcheck"]

# Exec form: java is PID 1 and receives SIGTERM itself, so Spring's graceful shutdown runs
# (in-flight requests finish, up to 20 s). Heap sized from the container's memory limit; an
# OutOfMemoryError ends the process so the orchestrator restarts it instead of it limping on.
# Extra JVM flags: set JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/app.aot", "-jar", "/app/gaas-1.0.0.jar"]
