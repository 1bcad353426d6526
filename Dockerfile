# syntax=docker/dockerfile:1
# Sparkway: the REST job server (default), or a Spark standalone master or worker from the same jars
# (`docker run IMAGE master`, `docker run IMAGE worker spark://HOST:7077`). Build: `docker build -t sparkway .`;
# without a Docker engine see docs/container-image.md.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# The cache mount keeps Maven and the dependencies between builds; none of it lands in the image.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package
# Layered extraction without the launcher: application.jar's manifest names lib/ on its Class-Path and keeps the
# Add-Opens entry that the pom derives from its one spark.add-opens list, so `java -jar` opens what Spark needs.
RUN java -Djarmode=tools -jar target/sparkway-*.jar extract --layers --destination /layers \
		--application-filename application.jar
# The same list for the Spark master and worker (started with -cp, where the manifest does not apply), as a java
# @argfile taken from that manifest (continuation lines unfolded).
RUN mkdir -p /layers/spark/spark && cd /tmp && jar xf /layers/application/application.jar META-INF/MANIFEST.MF \
	&& tr -d '\r' < META-INF/MANIFEST.MF \
		| awk '/^ / { line = line substr($0, 2); next } { if (line != "") print line; line = $0 } END { print line }' \
		| sed -n 's/^Add-Opens: //p' | tr ' ' '\n' | sed '/^$/d; s/.*/--add-opens=&=ALL-UNNAMED/' \
		> /layers/spark/spark/add-opens.args \
	&& grep -q -- '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED' /layers/spark/spark/add-opens.args

FROM eclipse-temurin:17-jre
# Numeric ids (10001) so that Kubernetes' runAsNonRoot can check them; written directly, since a minimal base
# may lack useradd. SPARK_HOME/jars is the application's lib/: executors a worker starts get every jar.
RUN echo 'sparkway:x:10001:10001:Sparkway:/app:/usr/sbin/nologin' >> /etc/passwd \
	&& echo 'sparkway:x:10001:' >> /etc/group \
	&& mkdir -p /app/config /app/spark/conf /data /etc/sparkway \
	&& ln -s /app/lib /app/spark/jars \
	&& chown 10001:10001 /data
WORKDIR /app
ENV SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/sparkway/ \
	JAVA_OPTS="-XX:MaxRAMPercentage=75" \
	SPARK_HOME=/app/spark \
	SPARK_SCALA_VERSION=2.12 \
	SPARK_WORKER_DIR=/tmp/spark-worker \
	SPARK_USER=sparkway \
	HADOOP_USER_NAME=sparkway
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/spark/ ./
COPY src/main/docker/spark/conf/logback.xml ./spark/conf/
COPY src/main/docker/entrypoint.sh ./
COPY application.yml ./
COPY src/main/docker/application.yml ./config/
COPY --from=build /layers/application/ ./
USER 10001:10001
VOLUME /data
EXPOSE 8080 4040
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["/app/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["server"]
