# syntax=docker/dockerfile:1
# The MaK CRM API. Build: docker build -t mak-crm-api .   Run: see docker-compose.yml.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/MakCrm.Domain.csproj src/Domain/
COPY src/Contracts/MakCrm.Contracts.csproj src/Contracts/
COPY src/Application/MakCrm.Application.csproj src/Application/
COPY src/Infrastructure/MakCrm.Infrastructure.csproj src/Infrastructure/
COPY src/WebApi/MakCrm.WebApi.csproj src/WebApi/
RUN dotnet restore src/WebApi/MakCrm.WebApi.csproj
COPY api-spec/ api-spec/
COPY src/ src/
RUN dotnet publish src/WebApi/MakCrm.WebApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# Generated documents are rendered to PDF by WeasyPrint, run as a separate process (the fonts ship with the app).
RUN apt-get update && apt-get install -y --no-install-recommends weasyprint && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# Workstation GC (set in the project, ADR 0033) with a 16 MiB gen0 budget (bench/README.md).
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_GCgen0size=0x1000000
# 8080 serves the API; 9464 serves /metrics to Prometheus on the internal network (Mak__Metrics__Port).
EXPOSE 8080 9464
USER $APP_UID
# `docker run ... --migrate` applies migrations and exits; without it the API serves.
ENTRYPOINT ["dotnet", "MakCrm.WebApi.dll"]
