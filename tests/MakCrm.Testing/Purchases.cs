using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Testing;

/// <summary>
/// Set-up for ledger and return tests until the auction can sell leads: a lead moved to a franchisee and the
/// <c>charge</c> of its purchase, written through the server's own <see cref="ILedger"/> into the real database.
/// </summary>
public static class Purchases
{
    /// <summary>A second franchisee with one user, made once per test server (organizations and users survive resets).</summary>
    public static readonly Guid OtherFranchiseeOrganization = new("0192f0c1-0000-7000-8000-0000000000c9");

    public const string OtherFranchiseeEmail = "other-franchisee@test.mak";

    /// <summary>The lead now belongs to the franchisee, as after a won auction, and the franchisee was charged.</summary>
    public static async Task<Guid> BuyAsync(ApiServerFixture server, Guid leadId, Guid organizationId, decimal price, DateTimeOffset? chargedAt = null)
    {
        var at = chargedAt ?? DateTimeOffset.UtcNow;
        var charge = LedgerEntry.Charge(Guid.CreateVersion7(at), organizationId, price, new LotReference(Guid.CreateVersion7(at), null, leadId), at);
        await server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<MakCrmDbContext>().Database
                .ExecuteSqlAsync($"UPDATE leads SET organization_id = {organizationId}, status = 'in_progress' WHERE id = {leadId}");
            return 0;
        });
        await AddAsync(server, charge);
        return charge.Id;
    }

    /// <summary>An entry of any kind, written as the auction would (e.g. another franchisee's hold on the same lead): under its ledger lock.</summary>
    public static Task AddAsync(ApiServerFixture server, LedgerEntry entry) =>
        server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var ledger = services.GetRequiredService<ILedger>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await ledger.LockAsync(entry.OrganizationId, CancellationToken.None);
            ledger.Add(entry);
            var saved = await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return saved;
        });

    public static async Task<HttpClient> OtherFranchiseeAsync(ApiServerFixture server)
    {
        var exists = await server.WithServicesAsync(async services =>
            await services.GetRequiredService<UserManager<MakUser>>().FindByEmailAsync(OtherFranchiseeEmail) is not null);
        if (!exists)
        {
            await server.WithServicesAsync(async services =>
            {
                var db = services.GetRequiredService<MakCrmDbContext>();
                db.Set<Organization>().Add(Organization.CreateActive(
                    OtherFranchiseeOrganization, OrganizationKind.Franchisee, "Франчайзи Юг", DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync();
            });
            await server.CreateUserAsync(OtherFranchiseeEmail, Domain.Access.Roles.Franchisee, OtherFranchiseeOrganization);
        }

        var tokens = await server.PasswordGrantAsync(OtherFranchiseeEmail, TestActors.Password);
        return server.CreateHttpClient(tokens.GetProperty("access_token").GetString());
    }
}
