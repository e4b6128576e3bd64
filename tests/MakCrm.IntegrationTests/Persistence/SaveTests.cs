using MakCrm.Domain.Clients;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Persistence;

/// <summary>
/// A save in a transaction writes its new rows in one batch and detects the changes once; the scope's next save
/// detects changes again, whether the save before it succeeded or was refused.
/// </summary>
public sealed class SaveTests(ApiServerFixture server) : ApiTest(server)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_change_made_after_a_save_is_written_by_the_next_save_of_the_same_scope()
    {
        var organizationId = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Сохранения");
        var client = Client.Create(Guid.CreateVersion7(), organizationId, Details("Первое Имя"), Now);

        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Set<MakCrm.Domain.Clients.Client>().Add(client);
            await db.SaveChangesAsync();
            db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue();

            client.Update(Details("Второе Имя"), Now.AddMinutes(1));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return 0;
        });

        var stored = await Server.WithServicesAsync(services =>
            services.GetRequiredService<MakCrmDbContext>().Set<MakCrm.Domain.Clients.Client>().AsNoTracking()
                .SingleAsync(c => c.Id == client.Id));
        stored.FullName.Should().Be("Второе Имя");
    }

    [Fact]
    public async Task A_save_refused_by_the_database_leaves_change_detection_on_for_the_scope()
    {
        var organizationId = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Отказы");
        var client = Client.Create(Guid.CreateVersion7(), organizationId, Details("Первый Клиент"), Now);
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Domain.Clients.Client>().Add(client);
            return await db.SaveChangesAsync();
        });

        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var tracked = await db.Set<MakCrm.Domain.Clients.Client>().SingleAsync(c => c.Id == client.Id);
            // Changed by someone else meanwhile: the update's version check finds no row.
            await db.Database.ExecuteSqlAsync($"UPDATE clients SET version = version + 1 WHERE id = {client.Id}");
            tracked.Update(Details("Второй Клиент"), Now.AddMinutes(1));
            await using var transaction = await db.Database.BeginTransactionAsync();
            var refused = () => db.SaveChangesAsync();
            await refused.Should().ThrowAsync<DbUpdateConcurrencyException>();
            db.ChangeTracker.AutoDetectChangesEnabled.Should().BeTrue();
            return 0;
        });
    }

    private static ClientDetails Details(string fullName) =>
        new(fullName, PhoneNumber.Parse(UniquePhone()), null, null, "partner", null, [], null);
}
