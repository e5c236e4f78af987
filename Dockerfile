# The OrderSaga image: the API (`dotnet Orders.Api.dll`), its migrate command and the Product and Payment
# simulators (`dotnet Orders.Api.dll simulators`). Build from the repository root: docker build -t ordersaga .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY Orders.Contracts/Orders.Contracts.csproj Orders.Contracts/
COPY Orders.StateMachine/Orders.StateMachine.csproj Orders.StateMachine/
COPY Orders.Persistence/Orders.Persistence.csproj Orders.Persistence/
COPY Orders.Kafka/Orders.Kafka.csproj Orders.Kafka/
COPY Orders.KafkaBroker/Orders.KafkaBroker.csproj Orders.KafkaBroker/
COPY Orders.Simulators/Orders.Simulators.csproj Orders.Simulators/
COPY Orders.Api/Orders.Api.csproj Orders.Api/
RUN dotnet restore Orders.Api
COPY . .
RUN dotnet publish Orders.Api -c Release -o /app --no-restore --nologo

# Ubuntu 24.04 (the .NET 10 images' default distro). librdkafka comes with the app: the publish output holds the
# package's glibc-only build as runtimes/linux-x64/native/librdkafka.so (build/Librdkafka.targets), which needs
# nothing from the OS beyond glibc; no librdkafka package is installed, so there is no other copy to fall back to.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the compose healthcheck on /health/ready.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
# Socket completions run on the socket engine's thread instead of waking a thread-pool worker each (docs/performance.md).
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
