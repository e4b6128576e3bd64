using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The register of personal-data incidents through the SDK, against the real API on a loopback port.</summary>
public sealed class PersonalDataIncidentsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task An_incident_is_recorded_with_its_deadlines_and_its_notices_recorded_under_If_Match()
    {
        var detectedAt = DateTimeOffset.UtcNow.AddHours(-2);
        var created = await Api.CreatePersonalDataIncidentAsync(
            new CreatePersonalDataIncidentRequest
            {
                Title = "Потерян ноутбук",
                Description = "Ноутбук сотрудника с выгрузкой клиентов потерян.",
                DetectedAt = detectedAt,
                WindowFrom = detectedAt.AddDays(-1),
                DataKinds = ["full_name", "phone"],
            },
            Guid.NewGuid().ToString()
        );
        created.StatusCode.Should().Be(201);
        created.Result.InitialNotice.Status.Should().Be(IncidentDeadlineStatus.Due);
        created.Result.InitialNotice.DueAt.Should().Be(created.Result.DetectedAt.AddHours(24));

        var noticed = await Api.UpdatePersonalDataIncidentAsync(
            created.Result.Id,
            created.ETag!,
            new UpdatePersonalDataIncidentRequest { InitialNoticeSentAt = DateTimeOffset.UtcNow.AddMinutes(-1) }
        );
        noticed.Result.InitialNotice.Status.Should().Be(IncidentDeadlineStatus.Met);
        noticed.Result.FollowUp.Status.Should().Be(IncidentDeadlineStatus.Due);
        await Expect.ProblemAsync(
            () =>
                Api.UpdatePersonalDataIncidentAsync(
                    created.Result.Id,
                    created.ETag!,
                    new UpdatePersonalDataIncidentRequest { Title = "Другое" }
                ),
            412,
            "precondition_failed"
        );
        var reads = await Api.ListPersonalDataIncidentReadsAsync(created.Result.Id, access: "export");
        reads.StatusCode.Should().Be(200);
        reads.Result.Items.Where(r => r.Access != "export").Should().BeEmpty();
    }
}
