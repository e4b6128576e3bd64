using System.Net;
using System.Net.Http.Headers;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The client operations through the SDK, against the real API on a loopback port.</summary>
public sealed class ClientsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Create_normalises_phone_and_email_and_get_returns_the_same_client_and_ETag()
    {
        var created = await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Иванов Иван Иванович",
            Phone = "8 (999) 123-45-67",
            Email = "  Ivan.Ivanov@Example.ru ",
            City = "Москва",
            Source = "lead_generation",
        });

        created.StatusCode.Should().Be(201);
        created.ETag.Should().MatchRegex("^\"[^\"]+\"$", "an ETag is a quoted string such as \"1\"");
        created.Location.Should().EndWith($"/api/v1/clients/{created.Result.Id}");
        created.Result.Should().BeEquivalentTo(new
        {
            FullName = "Иванов Иван Иванович",
            Phone = "+79991234567",
            Email = "ivan.ivanov@example.ru",
            City = "Москва",
            Source = "lead_generation",
        });
        created.Result.Id.Should().NotBeEmpty();
        created.Result.OrganizationId.Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId, "a client belongs to its creator's organization");
        created.Result.UpdatedAt.Should().Be(created.Result.CreatedAt);

        var read = await Api.GetClientAsync(created.Result.Id);

        read.StatusCode.Should().Be(200);
        read.ETag.Should().Be(created.ETag);
        read.Result.Should().BeEquivalentTo(created.Result, options => options
            .Using<DateTimeOffset>(ctx => ctx.Subject.Should().BeCloseTo(ctx.Expectation, TimeSpan.FromMilliseconds(1)))
            .WhenTypeIs<DateTimeOffset>());
    }

    [Fact]
    public async Task Create_rejects_an_invalid_phone_with_the_field_error()
    {
        var problem = await Expect.ProblemAsync(
            () => Api.CreateClientAsync(TestData.NewClient(phone: "not a phone")),
            400,
            "validation_failed");

        problem.Errors.Should().NotBeNull();
        problem.Errors!.Keys.Should().Contain("phone");
        problem.Errors["phone"].Should().NotBeEmpty();
    }

    [Fact]
    public async Task Get_of_an_unknown_client_is_404_not_found()
    {
        await Expect.ProblemAsync(() => Api.GetClientAsync(Guid.NewGuid()), 404, "not_found");
    }

    [Fact]
    public async Task Update_with_the_current_ETag_changes_only_the_fields_sent_and_a_stale_ETag_is_412()
    {
        var created = await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Сидоров Сидор",
            Phone = "+7 912 555-00-11",
            Email = "sidorov@example.ru",
            City = "Казань",
            Source = "partner",
        });

        var updated = await Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { City = "Санкт-Петербург" });

        updated.StatusCode.Should().Be(200);
        updated.ETag.Should().NotBeNull().And.NotBe(created.ETag);
        updated.Result.City.Should().Be("Санкт-Петербург");
        updated.Result.Email.Should().Be("sidorov@example.ru", "absent fields of a merge patch stay as they are");
        updated.Result.FullName.Should().Be("Сидоров Сидор");
        updated.Result.Phone.Should().Be("+79125550011");
        updated.Result.UpdatedAt.Should().BeOnOrAfter(created.Result.UpdatedAt);
        (await Api.GetClientAsync(created.Result.Id)).ETag.Should().Be(updated.ETag);

        var problem = await Expect.ProblemAsync(
            () => Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { City = "Тверь" }),
            412,
            "precondition_failed");
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        (await Api.GetClientAsync(created.Result.Id)).Result.City.Should().Be("Санкт-Петербург", "a rejected change is not applied");
    }

    [Fact]
    public async Task Update_clears_email_and_city_with_an_empty_string_and_normalises_new_values()
    {
        var created = await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Кузнецова Анна",
            Phone = TestData.NextPhone(),
            Email = "anna@example.ru",
            City = "Омск",
            Source = "cold_base",
        });

        var cleared = await Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { Email = "", City = "" });

        cleared.Result.Email.Should().BeNull();
        cleared.Result.City.Should().BeNull();

        var changed = await Api.UpdateClientAsync(
            created.Result.Id,
            cleared.ETag!,
            new UpdateClientRequest
            {
                Phone = "8 (912) 777-66-55",
                Email = "Anna.K@Example.RU",
                Source = "external",
            });

        changed.Result.Should().BeEquivalentTo(new
        {
            FullName = "Кузнецова Анна",
            Phone = "+79127776655",
            Email = "anna.k@example.ru",
            City = (string?)null,
            Source = "external",
        });
    }

    [Fact]
    public async Task Update_with_an_invalid_field_is_400_with_the_field_error_and_a_wildcard_ETag_matches_any()
    {
        var created = await Api.CreateClientAsync(TestData.NewClient());

        var problem = await Expect.ProblemAsync(
            () => Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { Email = "not-an-email" }),
            400,
            "validation_failed");
        problem.Errors.Should().ContainKey("email");

        var updated = await Api.UpdateClientAsync(created.Result.Id, "*", new UpdateClientRequest { FullName = "Новое Имя" });
        updated.Result.FullName.Should().Be("Новое Имя");
    }

    [Fact]
    public async Task Update_rejects_null_for_the_fields_that_cannot_be_cleared()
    {
        // The SDK leaves null properties out (they mean "unchanged"), so an explicit null goes around it.
        var created = await Api.CreateClientAsync(TestData.NewClient("Орлов Олег"));

        foreach (var field in new[] { "fullName", "phone", "source" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/clients/{created.Result.Id}")
            {
                Content = new StringContent($$"""{"{{field}}":null}""", new MediaTypeHeaderValue("application/merge-patch+json")),
            };
            request.Headers.TryAddWithoutValidation("If-Match", created.ETag);
            using var response = await Http.SendAsync(request);

            var problem = await Expect.ProblemAsync(response, 400, "validation_failed");
            problem.Errors.Should().ContainKey(field, "{0} cannot be cleared", field);
        }

        var current = await Api.GetClientAsync(created.Result.Id);
        current.ETag.Should().Be(created.ETag, "a rejected change is not applied");
        current.Result.Should().BeEquivalentTo(new { FullName = "Орлов Олег", created.Result.Phone, Source = "partner" });
    }

    [Fact]
    public async Task Update_of_an_unknown_client_is_404_whatever_If_Match_says()
    {
        foreach (var ifMatch in new[] { "\"1\"", "*" })
        {
            await Expect.ProblemAsync(
                () => Api.UpdateClientAsync(Guid.NewGuid(), ifMatch, new UpdateClientRequest { City = "Тверь" }),
                404,
                "not_found");
        }
    }

    [Fact]
    public async Task Update_without_If_Match_is_428()
    {
        // The SDK always sends If-Match on PATCH (the parameter is required), so this goes around it.
        var created = await Api.CreateClientAsync(TestData.NewClient());
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/clients/{created.Result.Id}")
        {
            Content = new StringContent("""{"city":"Тверь"}""", new MediaTypeHeaderValue("application/merge-patch+json")),
        };

        using var response = await Http.SendAsync(request);

        response.StatusCode.Should().Be((HttpStatusCode)428);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"code\":\"precondition_required\"").And.Contain("\"traceId\":");
    }

    [Fact]
    public async Task Delete_then_get_is_404_and_a_second_delete_is_404_whatever_If_Match_says()
    {
        var created = await Api.CreateClientAsync(TestData.NewClient());

        var deleted = await Api.DeleteClientAsync(created.Result.Id);

        deleted.StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetClientAsync(created.Result.Id), 404, "not_found");
        await Expect.ProblemAsync(() => Api.DeleteClientAsync(created.Result.Id), 404, "not_found");
        await Expect.ProblemAsync(() => Api.DeleteClientAsync(created.Result.Id, created.ETag), 404, "not_found");
        await Expect.ProblemAsync(() => Api.DeleteClientAsync(created.Result.Id, "*"), 404, "not_found");
        (await Api.ListClientsAsync()).Result.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_honours_If_Match()
    {
        var created = await Api.CreateClientAsync(TestData.NewClient());
        var updated = await Api.UpdateClientAsync(created.Result.Id, created.ETag!, new UpdateClientRequest { City = "Тула" });

        await Expect.ProblemAsync(() => Api.DeleteClientAsync(created.Result.Id, created.ETag), 412, "precondition_failed");
        (await Api.GetClientAsync(created.Result.Id)).StatusCode.Should().Be(200);

        (await Api.DeleteClientAsync(created.Result.Id, updated.ETag)).StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task Delete_of_a_client_with_leads_is_409_until_the_leads_are_deleted()
    {
        var client = await Api.CreateClientAsync(TestData.NewClient());
        var lead = await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Result.Id, RequestedAmount = 100_000m, Product = LoanProduct.Consumer });

        await Expect.ProblemAsync(() => Api.DeleteClientAsync(client.Result.Id), 409, "client_has_leads");

        await Api.DeleteLeadAsync(lead.Result.Id);
        (await Api.DeleteClientAsync(client.Result.Id)).StatusCode.Should().Be(204);
    }

    [Fact]
    public async Task List_pages_through_every_client_newest_first_with_the_cursor()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Api.CreateClientAsync(TestData.NewClient($"Клиент {i}"))).Result.Id);
        }

        var seen = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = (await Api.ListClientsAsync(cursor: cursor, limit: 2)).Result;
            page.Items.Count.Should().BeLessThanOrEqualTo(2);
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
            pages.Should().BeLessThan(10, "the cursor must end");
        }
        while (cursor is not null);

        pages.Should().Be(3);
        seen.Should().Equal(Enumerable.Reverse(ids), "the default sort is -createdAt");
    }

    [Fact]
    public async Task List_sorts_by_full_name_across_pages()
    {
        foreach (var name in new[] { "Борисов", "Васильев", "Алексеев", "Григорьев" })
        {
            await Api.CreateClientAsync(TestData.NewClient(name));
        }

        var first = (await Api.ListClientsAsync(sort: ClientSort.FullName, limit: 3)).Result;
        var second = (await Api.ListClientsAsync(sort: ClientSort.FullName, cursor: first.NextCursor, limit: 3)).Result;
        var descending = (await Api.ListClientsAsync(sort: ClientSort.FullNameDescending)).Result;

        first.Items.Select(c => c.FullName).Should().Equal("Алексеев", "Борисов", "Васильев");
        first.NextCursor.Should().NotBeNull();
        second.Items.Select(c => c.FullName).Should().Equal("Григорьев");
        second.NextCursor.Should().BeNull();
        descending.Items.Select(c => c.FullName).Should().Equal("Григорьев", "Васильев", "Борисов", "Алексеев");
        descending.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task List_filters_by_source_city_and_creation_time()
    {
        var moscow = await Api.CreateClientAsync(new CreateClientRequest { FullName = "А", Phone = TestData.NextPhone(), City = "Москва", Source = "partner" });
        var kazan = await Api.CreateClientAsync(new CreateClientRequest { FullName = "Б", Phone = TestData.NextPhone(), City = "Казань", Source = "purchased_base" });
        var noCity = await Api.CreateClientAsync(new CreateClientRequest { FullName = "В", Phone = TestData.NextPhone(), Source = "purchased_base" });
        var kazanCreatedAt = (await Api.GetClientAsync(kazan.Result.Id)).Result.CreatedAt;

        (await Ids(source: "purchased_base")).Should().BeEquivalentTo([kazan.Result.Id, noCity.Result.Id]);
        (await Ids(city: "москва")).Should().BeEquivalentTo([moscow.Result.Id], "the city filter is case-insensitive");
        (await Ids(city: "Казань", source: "partner")).Should().BeEmpty();
        (await Ids(createdFrom: kazanCreatedAt)).Should().BeEquivalentTo([kazan.Result.Id, noCity.Result.Id], "createdFrom is inclusive");
        (await Ids(createdTo: kazanCreatedAt)).Should().BeEquivalentTo([moscow.Result.Id], "createdTo is exclusive");

        async Task<IEnumerable<Guid>> Ids(string? source = null, string? city = null, DateTimeOffset? createdFrom = null, DateTimeOffset? createdTo = null) =>
            (await Api.ListClientsAsync(source: source is null ? null : [source], city: city, createdFrom: createdFrom, createdTo: createdTo)).Result.Items.Select(c => c.Id);
    }

    [Fact]
    public async Task Search_finds_a_phone_in_any_spelling_and_names_and_emails_by_substring()
    {
        var ivanov = await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Иванов Иван",
            Phone = "+79991234567",
            Email = "ivan@example.ru",
            Source = "partner",
        });
        await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Смирнова Ольга",
            Phone = "+79125554433",
            Email = "olga@mail.example",
            Source = "partner",
        });

        foreach (var spelling in new[] { "8 999 123", "+7 (999) 123", "999123", "8 (999) 123-45-67", "79991234567" })
        {
            (await Search(spelling)).Should().Equal([ivanov.Result.Id], "'{0}' is a spelling of +79991234567", spelling);
        }

        (await Search("иВаНоВ")).Should().Equal([ivanov.Result.Id]);
        (await Search("EXAMPLE.RU")).Should().Equal([ivanov.Result.Id]);
        (await Search("нет такого")).Should().BeEmpty();

        async Task<IEnumerable<Guid>> Search(string q) => (await Api.ListClientsAsync(q: q)).Result.Items.Select(c => c.Id);
    }

    [Fact]
    public async Task List_rejects_a_bad_cursor_and_an_out_of_range_limit()
    {
        await Expect.ProblemAsync(() => Api.ListClientsAsync(cursor: "not-a-cursor"), 400, "invalid_cursor");

        var problem = await Expect.ProblemAsync(() => Api.ListClientsAsync(limit: 201), 400, "validation_failed");
        problem.Errors.Should().ContainKey("limit");
        await Expect.ProblemAsync(() => Api.ListClientsAsync(limit: 0), 400, "validation_failed");
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_call()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await FluentActions.Awaiting(() => Api.ListClientsAsync(cancellationToken: cancelled.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }
}
