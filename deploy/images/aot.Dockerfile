# A service image with its AOT cache (deploy/images/aot): the cache the training run wrote, read at every start.
ARG IMAGE
FROM ${IMAGE}
COPY --chown=10001:10001 app.aot /app/app.aot
ENV JDK_JAVA_OPTIONS=-XX:AOTCache=/app/app.aot
