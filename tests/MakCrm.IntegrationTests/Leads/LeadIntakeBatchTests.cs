using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Leads.Intake;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Leads;

/// <summary>
/// The lead intake's batch (<see cref="ILeadIntake.SubmitAllAsync"/>, the imports' way in) on the real database: each
/// submission gets the outcome it would get alone had the ones before it been saved — the batch's earlier lead is an
/// original, its earlier client is reused, its earlier external reference is taken — and the batch saves at once.
/// </summary>
public sealed class LeadIntakeBatchTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task A_batch_sees_its_own_earlier_leads_clients_and_references_as_saved_ones_and_saves_at_once()
    {
        var savedClient = await CreateClient("Уже Есть", phone: UniquePhone());
        var savedLead = Id(await CreateLead(Id(savedClient)));
        var phone = UniquePhone();
        var reference = new ExternalReference("platform", $"batch-{Guid.NewGuid():N}");
        SubmittedContact Contact(string name) => new(name, PhoneNumber.Parse(phone), null, null, "partner");
        LeadSubmission Submission(LeadClient client, ExternalReference? externalRef = null) =>
            new(
                client,
                new LeadDetails(300_000m, LoanProduct.Consumer, null, "new", null),
                externalRef is null ? null : IntegrationData.None with { ExternalRef = externalRef }
            )
            {
                Announce = false,
            };

        var admin = await Server.UserIdAsync(TestActor.Admin);
        var outcomes = await Server.WithServicesAsync(async services =>
        {
            services
                .GetRequiredService<ActorOverride>()
                .ActAs(new OnBehalfOf(Organization.HeadOfficeId, admin, null, [Roles.Admin]));
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            await using var transaction = await unitOfWork.BeginAsync(CancellationToken.None);
            var results = await services
                .GetRequiredService<ILeadIntake>()
                .SubmitAllAsync(
                    [
                        Submission(Contact("Новый Клиент"), reference),
                        Submission(Contact("Новый Клиент"), reference),
                        Submission(Contact("Тот Же Телефон")),
                        Submission(new ExistingClient(Guid.Parse(Id(savedClient)))),
                        Submission(new ExistingClient(Guid.CreateVersion7())),
                    ],
                    CancellationToken.None
                );
            (await unitOfWork.SaveChangesAsync(CancellationToken.None)).IsSuccess.Should().BeTrue();
            await transaction.CommitAsync(CancellationToken.None);
            return results;
        });

        outcomes[0].IsSuccess.Should().BeTrue(outcomes[0].Error?.Describe());
        var first = outcomes[0].Value;
        first.ClientCreated.Should().BeTrue();
        first.Duplicate.Should().BeNull();
        outcomes[1].IsSuccess.Should().BeFalse();
        outcomes[1].Error!.Code.Should().Be(ErrorCodes.ExternalRefTaken);
        outcomes[1].Error!.Extensions!["existingId"].Should().Be(first.Lead.Id, "the batch's first lead holds it");
        var samePhone = outcomes[2].Value;
        samePhone.ClientCreated.Should().BeFalse("the client the batch made for the phone is reused");
        samePhone.Lead.ClientId.Should().Be(first.Lead.ClientId);
        samePhone.Duplicate!.Of.Should().Be(first.Lead.Id, "the batch's earlier lead is the original");
        outcomes[3].Value.Duplicate!.Of.Should().Be(Guid.Parse(savedLead), "a saved lead is earlier still");
        outcomes[4].Error!.FieldErrors!.Keys.Should().Equal("clientId");

        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            $"SELECT (SELECT count(*) FROM clients WHERE phone = '{phone}'), "
                + $"(SELECT count(*) FROM leads WHERE id IN ('{first.Lead.Id}', '{samePhone.Lead.Id}', "
                + $"'{outcomes[3].Value.Lead.Id}')), "
                + $"(SELECT count(*) FROM leads WHERE external_ref = '{reference.Value}')",
            connection
        );
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)).Should().Be((1L, 3L, 1L));
    }
}
