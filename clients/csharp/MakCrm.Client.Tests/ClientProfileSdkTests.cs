using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Client sources, the client's profile (method, tags, consent) and segmentation through the SDK.</summary>
public sealed class ClientProfileSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Sources_are_listed_added_and_changed()
    {
        var seeded = await Api.ListClientSourcesAsync();
        seeded.Result.Items.Select(s => s.Code).Should().Equal("partner", "lead_generation", "cold_base", "external", "purchased_base");

        var created = await Api.CreateClientSourceAsync(new CreateClientSourceRequest { Code = "sdk_source", Name = "Из SDK", DuplicatePolicy = DuplicatePolicy.Reject });
        created.StatusCode.Should().Be(201);
        created.Result.Should().BeEquivalentTo(new { Code = "sdk_source", Name = "Из SDK", Active = true, DuplicatePolicy = DuplicatePolicy.Reject, Position = 100 });

        var changed = await Api.UpdateClientSourceAsync("sdk_source", created.ETag!, new UpdateClientSourceRequest { Active = false });
        changed.Result.Active.Should().BeFalse();
        changed.ETag.Should().NotBe(created.ETag);
    }

    [Fact]
    public async Task A_taken_source_code_is_a_409_problem()
    {
        await Expect.ProblemAsync(
            () => Api.CreateClientSourceAsync(new CreateClientSourceRequest { Code = "partner", Name = "Дубль" }), 409, "client_source_exists");
    }

    [Fact]
    public async Task A_client_carries_its_profile_and_patches_can_clear_it()
    {
        var created = await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Сдк Профиль",
            Phone = TestData.NextPhone(),
            Source = "cold_base",
            ProcessingMethod = ProcessingMethod.Self_service,
            Tags = ["VIP", "Ипотека"],
            Consent = new ClientConsentInput { GivenAt = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), TextVersion = "v1" },
        });

        created.Result.ProcessingMethod.Should().Be(ProcessingMethod.Self_service);
        created.Result.Tags.Should().Equal("vip", "ипотека");
        created.Result.Consent!.TextVersion.Should().Be("v1");
        created.Result.Consent.WithdrawnAt.Should().BeNull();

        var withdrawn = await Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest
        {
            Consent = new ClientConsentInput { WithdrawnAt = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero) },
            ClearProcessingMethod = true,
        });

        withdrawn.Result.Consent!.WithdrawnAt.Should().Be(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        withdrawn.Result.ProcessingMethod.Should().BeNull();
        withdrawn.Result.Tags.Should().Equal(["vip", "ипотека"], "absent tags stay as they are");

        var cleared = await Api.UpdateClientAsync(created.Result.Id, withdrawn.ETag!, new UpdateClientRequest { ClearConsent = true });
        cleared.Result.Consent.Should().BeNull();
    }

    [Fact]
    public async Task An_unknown_source_is_a_field_error()
    {
        var client = TestData.NewClient();
        client.Source = "friends";

        var problem = await Expect.ProblemAsync(() => Api.CreateClientAsync(client), 400, "validation_failed");

        problem.Errors!.Keys.Should().Equal("source");
    }

    [Fact]
    public async Task Segments_count_the_filtered_clients_by_source_and_method()
    {
        foreach (var (source, method) in new[] { ("partner", ProcessingMethod.Call_center), ("partner", ProcessingMethod.Partner), ("external", ProcessingMethod.Partner) })
        {
            var client = TestData.NewClient();
            client.Source = source;
            client.ProcessingMethod = method;
            client.Tags = ["sdk"];
            await Api.CreateClientAsync(client);
        }

        await Api.CreateClientAsync(TestData.NewClient());

        var segments = (await Api.GetClientSegmentsAsync(tag: ["sdk"])).Result;

        segments.Total.Should().Be(3);
        segments.BySource.Select(s => (s.Source, s.Count)).Should().Equal(("partner", 2), ("external", 1));
        segments.ByProcessingMethod.Select(s => (s.ProcessingMethod, s.Count)).Should().Equal(((ProcessingMethod?)ProcessingMethod.Partner, 2), (ProcessingMethod.Call_center, 1));
        (await Api.ListClientsAsync(processingMethod: [ProcessingMethod.Call_center])).Result.Items.Should().ContainSingle();
    }

    [Fact]
    public async Task An_invalid_segment_filter_is_a_field_error()
    {
        var problem = await Expect.ProblemAsync(() => Api.GetClientSegmentsAsync(source: ["Not A Code"]), 400, "validation_failed");

        problem.Errors!.Keys.Should().Equal("source");
    }
}
