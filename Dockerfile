# pssession-detector container image.
#
#   docker build -t pssession-detector .
#   docker run -p 8080:8080 -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/pssession \
#     -e SPRING_DATASOURCE_USERNAME=pssession -e SPRING_DATASOURCE_PASSWORD=... pssession-detector
#
# Stage 1 builds the jar with the Maven wrapper and splits it into Spring Boot's layers; stage 2
# runs the layers on a JRE as a non-root user. See docs/deploy.md.
#
# Base images are pinned by digest (a tag moves; a digest names one image for good), the digest of
# the multi-platform index. To update, read the current ones and replace them here:
#   docker buildx imagetools inspect eclipse-temurin:17-jdk --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect eclipse-temurin:17-jre --format '{{json .Manifest.Digest}}'
# (or `skopeo inspect --format '{{.Digest}}' docker://eclipse-temurin:17-jre`); or build with
# --build-arg BUILD_IMAGE=... --build-arg RUNTIME_IMAGE=... to try other ones.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk@sha256:5d6042fb8cdc14d614e4e421f52e3211fc5aeadddce44cbf9de8ed37c791f824
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre@sha256:207ecae0b2b104dfc6dfa763d1e9cd2041cb344800a180e24cb1a28ed533ff90

FROM ${BUILD_IMAGE} AS build
WORKDIR /workspace

# The pom activates the embedded PostgreSQL binaries of the build platform through OS-activated
# profiles. The image always talks to an external PostgreSQL, so switch all of them off: the image
# then carries no embedded-postgres-binaries jar at all.
ARG MAVEN_PROFILES=!embedded-pg-linux-amd64,!embedded-pg-linux-arm64

# Dependencies first, in their own layer: it is rebuilt only when the pom or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp -q -P "${MAVEN_PROFILES}" dependency:go-offline

COPY db/ db/
COPY src/ src/
RUN ./mvnw -B -ntp -P "${MAVEN_PROFILES}" -DskipTests package \
 && cp target/pssession-detector-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted \
 && bins="$(find extracted -name 'embedded-postgres-binaries-*')" \
 && if [ -n "$bins" ]; then echo "embedded PostgreSQL binaries in the image: $bins" >&2; exit 1; fi

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="pssession-detector" \
      org.opencontainers.image.description="Splunk ESCU 'Interactive Session on Remote Endpoint with PowerShell' as a REST service"

# A fixed numeric user, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
# Least-changing layer first. The files stay owned by root: the service cannot modify its code.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# Container-aware heap; a JVM out of memory exits so that the orchestrator restarts it.
# Setting JAVA_TOOL_OPTIONS at run time replaces these defaults (repeat them if you still want them).
# Never start the embedded PostgreSQL in the image: without SPRING_DATASOURCE_URL the service fails
# at start instead.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" \
    PSSESSION_LOCAL_DB_ENABLED=false

USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
