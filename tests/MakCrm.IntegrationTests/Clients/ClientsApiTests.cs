using System.Net;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Clients;

public sealed class ClientsApiTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Create_normalises_phone_email_and_name_and_returns_location_and_etag()
    {
        var response = await Post("/api/v1/clients", new
        {
            fullName = "  Иванов   Иван  Иванович ",
            phone = "8 (999) 123-45-67",
            email = "  Ivan.Ivanov@Example.RU ",
            city = "Москва",
            source = "lead_generation",
        });

        var client = await ExpectJson(response, HttpStatusCode.Created);
        client["fullName"]!.GetValue<string>().Should().Be("Иванов Иван Иванович");
        client["phone"]!.GetValue<string>().Should().Be("+79991234567");
        client["email"]!.GetValue<string>().Should().Be("ivan.ivanov@example.ru");
        client["city"]!.GetValue<string>().Should().Be("Москва");
        client["source"]!.GetValue<string>().Should().Be("lead_generation");
        Guid.Parse(Id(client)).Version.Should().Be(7);
        client["createdAt"]!.GetValue<DateTimeOffset>().Offset.Should().Be(TimeSpan.Zero);
        client["updatedAt"]!.GetValue<DateTimeOffset>().Should().Be(client["createdAt"]!.GetValue<DateTimeOffset>());
        response.Headers.Location!.ToString().Should().Be($"/api/v1/clients/{Id(client)}");
        ETagOf(response).Should().Be("\"1\"");
    }

    [Fact]
    public async Task Get_returns_what_create_returned_with_the_same_etag()
    {
        var created = await CreateClient(email: "a@b.ru", city: "Казань");

        var response = await Http.GetAsync($"/api/v1/clients/{Id(created)}");

        var fetched = await ExpectJson(response, HttpStatusCode.OK);
        fetched.ToJsonString().Should().Be(created.ToJsonString());
        ETagOf(response).Should().Be("\"1\"");
    }

    [Theory]
    [InlineData("8 999 123-45-67")]
    [InlineData("+7 (999) 1234567")]
    [InlineData("7-999-123-45-67")]
    [InlineData("9991234567")]
    public async Task Russian_phone_spellings_are_one_number(string spelling)
    {
        var client = await CreateClient(phone: spelling);
        client["phone"]!.GetValue<string>().Should().Be("+79991234567");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("8 999 123-45")]
    [InlineData("+7 999 123 45 678")]
    [InlineData("phone: 89991234567")]
    [InlineData("")]
    public async Task Invalid_phone_is_a_field_error(string phone)
    {
        var response = await Post("/api/v1/clients", new { fullName = "Петров Пётр", phone, source = "partner" });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "phone").Should().ContainSingle().Which.Should().Contain("phone number");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("a b@c.ru")]
    [InlineData("a@@c.ru")]
    public async Task Invalid_email_is_a_field_error(string email)
    {
        var response = await Post("/api/v1/clients", new { fullName = "Петров Пётр", phone = UniquePhone(), email, source = "partner" });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "email").Should().ContainSingle().Which.Should().Contain("e-mail");
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var response = await Post("/api/v1/clients", new { fullName = " ", phone = "1", email = "x", city = new string('a', 101), source = "partner" });

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("fullName", "phone", "email", "city");
    }

    [Fact]
    public async Task Missing_required_fields_and_unknown_fields_are_field_errors()
    {
        var response = await Post("/api/v1/clients", """{"phone":"+79990000000","source":"partner","fullname":"typo"}""");

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "fullName").Should().Equal("Is required.");
        FieldErrors(problem, "fullname").Should().Equal("Is not a field of this request.");
    }

    [Fact]
    public async Task Nothing_is_written_when_a_create_is_refused()
    {
        await Post("/api/v1/clients", new { fullName = "Отказ Отказович", phone = "bad", source = "partner" });

        var list = await ExpectJson(await Http.GetAsync("/api/v1/clients"), HttpStatusCode.OK);
        list["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task List_pages_with_a_cursor_through_every_client_exactly_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(Id(await CreateClient(fullName: $"Клиент {i}")));
        }

        var newestFirst = await ListAllIds("/api/v1/clients", limit: 3);
        newestFirst.Should().Equal(Enumerable.Reverse(created));

        var byName = await ListAllIds("/api/v1/clients?sort=fullName", limit: 2);
        byName.Should().Equal(created);
    }

    [Fact]
    public async Task A_cursor_stays_valid_when_rows_are_added_in_front()
    {
        for (var i = 0; i < 4; i++)
        {
            await CreateClient(fullName: $"Старый {i}");
        }

        var first = await ExpectJson(await Http.GetAsync("/api/v1/clients?limit=2"), HttpStatusCode.OK);
        await CreateClient(fullName: "Новый");
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        var second = await ExpectJson(await Http.GetAsync($"/api/v1/clients?limit=2&cursor={cursor}"), HttpStatusCode.OK);

        second["items"]!.AsArray().Select(c => c!["fullName"]!.GetValue<string>()).Should().Equal("Старый 1", "Старый 0");
        second["nextCursor"].Should().BeNull();
    }

    [Fact]
    public async Task A_cursor_of_another_sort_or_a_made_up_one_is_refused()
    {
        await CreateClient();
        await CreateClient();
        var page = await ExpectJson(await Http.GetAsync("/api/v1/clients?limit=1"), HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>());

        await ExpectProblem(await Http.GetAsync($"/api/v1/clients?limit=1&sort=fullName&cursor={cursor}"), HttpStatusCode.BadRequest, "invalid_cursor");
        await ExpectProblem(await Http.GetAsync("/api/v1/clients?cursor=bm90LWEtY3Vyc29y"), HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("sort=phone", "sort")]
    [InlineData("source=Not-A-Code", "source")]
    [InlineData("processingMethod=telepathy", "processingMethod")]
    [InlineData("hasConsent=perhaps", "hasConsent")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z", "createdTo")]
    public async Task Invalid_list_parameters_are_field_errors(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/clients?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task List_filters_by_source_city_and_creation_time()
    {
        var partner = await CreateClient(city: "Москва", source: "partner");
        var cold = await CreateClient(city: "Казань", source: "cold_base");
        await CreateClient(city: "москва", source: "cold_base");

        var bySource = await ListAllIds("/api/v1/clients?source=cold_base", 10);
        bySource.Should().HaveCount(2).And.Contain(Id(cold));

        var byCity = await ListAllIds($"/api/v1/clients?city={Uri.EscapeDataString("МОСКВА")}", 10);
        byCity.Should().HaveCount(2).And.Contain(Id(partner));

        var createdAt = cold["createdAt"]!.GetValue<DateTimeOffset>();
        var window = $"createdFrom={Uri.EscapeDataString(createdAt.ToString("O"))}&createdTo={Uri.EscapeDataString(createdAt.AddTicks(10).ToOffset(TimeSpan.FromHours(3)).ToString("O"))}";
        (await ListAllIds($"/api/v1/clients?{window}", 10)).Should().Equal(Id(cold));
    }

    [Theory]
    [InlineData("8 (999) 777")]
    [InlineData("+7 999 777-11")]
    [InlineData("9997771122")]
    [InlineData("777-11-22")]
    [InlineData("сидоров")]
    [InlineData("SIDOROV@MAIL")]
    public async Task Search_finds_by_name_email_or_phone_in_any_spelling(string q)
    {
        var sidorov = await CreateClient(fullName: "Сидоров Семён", phone: "+79997771122", email: "sidorov@mail.ru");
        await CreateClient(fullName: "Другой Человек", phone: "+79990001122", email: "other@mail.ru");

        var found = await ListAllIds($"/api/v1/clients?q={Uri.EscapeDataString(q)}", 10);

        found.Should().Equal(Id(sidorov));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_text()
    {
        await CreateClient(fullName: "Обычный Клиент");
        var percent = await CreateClient(fullName: "100% Клиент");

        (await ListAllIds("/api/v1/clients?q=%25", 10)).Should().Equal(Id(percent));
        (await ListAllIds("/api/v1/clients?q=_", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Patch_with_the_current_etag_changes_only_the_given_fields()
    {
        var client = await CreateClient(fullName: "Старое Имя", email: "old@mail.ru", city: "Омск");

        var response = await Patch($"/api/v1/clients/{Id(client)}", new { fullName = "Новое Имя", city = (string?)null }, "\"1\"");

        var patched = await ExpectJson(response, HttpStatusCode.OK);
        patched["fullName"]!.GetValue<string>().Should().Be("Новое Имя");
        patched["city"].Should().BeNull();
        patched["email"]!.GetValue<string>().Should().Be("old@mail.ru");
        patched["phone"]!.GetValue<string>().Should().Be(client["phone"]!.GetValue<string>());
        patched["updatedAt"]!.GetValue<DateTimeOffset>().Should().BeAfter(client["updatedAt"]!.GetValue<DateTimeOffset>());
        ETagOf(response).Should().Be("\"2\"");
        var fetched = await Http.GetAsync($"/api/v1/clients/{Id(client)}");
        ETagOf(fetched).Should().Be("\"2\"");
        (await ExpectJson(fetched, HttpStatusCode.OK)).ToJsonString().Should().Be(patched.ToJsonString());
    }

    [Fact]
    public async Task Patch_clears_email_with_an_empty_string_and_accepts_plain_json()
    {
        var client = await CreateClient(email: "x@y.ru");

        var response = await Send(HttpMethod.Patch, $"/api/v1/clients/{Id(client)}", """{"email":""}""", "application/json", "\"1\"");

        (await ExpectJson(response, HttpStatusCode.OK))["email"].Should().BeNull();
    }

    [Fact]
    public async Task Patch_that_changes_nothing_keeps_the_version()
    {
        var client = await CreateClient(fullName: "Тот Же");

        var response = await Patch($"/api/v1/clients/{Id(client)}", new { fullName = "  Тот   Же " }, "\"1\"");

        await ExpectJson(response, HttpStatusCode.OK);
        ETagOf(response).Should().Be("\"1\"");
    }

    [Fact]
    public async Task Patch_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var client = await CreateClient(fullName: "Первый");
        await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { fullName = "Второй" }, "\"1\""), HttpStatusCode.OK);

        var stale = await Patch($"/api/v1/clients/{Id(client)}", new { fullName = "Третий" }, "\"1\"");

        await ExpectProblem(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        var current = await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK);
        current["fullName"]!.GetValue<string>().Should().Be("Второй");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("W/\"1\"")]
    [InlineData("garbage")]
    public async Task Patch_without_a_usable_etag_is_refused(string? ifMatch)
    {
        var client = await CreateClient();

        var response = await Patch($"/api/v1/clients/{Id(client)}", new { city = "Тула" }, ifMatch);

        if (ifMatch is null)
        {
            await ExpectProblem(response, (HttpStatusCode)428, "precondition_required");
        }
        else
        {
            await ExpectProblem(response, HttpStatusCode.PreconditionFailed, "precondition_failed");
        }
    }

    [Fact]
    public async Task Patch_with_star_matches_any_version()
    {
        var client = await CreateClient();

        var response = await Patch($"/api/v1/clients/{Id(client)}", new { city = "Тула" }, "*");

        (await ExpectJson(response, HttpStatusCode.OK))["city"]!.GetValue<string>().Should().Be("Тула");
    }

    [Fact]
    public async Task Two_concurrent_patches_of_one_version_do_not_both_win()
    {
        var client = await CreateClient();
        var url = $"/api/v1/clients/{Id(client)}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Patch(url, new { city = $"Город {i}" }, "\"1\"")));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).Should().Be(7);
        ETagOf(await Http.GetAsync(url)).Should().Be("\"2\"");
    }

    [Theory]
    [InlineData("""{"fullName":null}""", "fullName")]
    [InlineData("""{"phone":null}""", "phone")]
    [InlineData("""{"source":null}""", "source")]
    [InlineData("""{"phone":"123"}""", "phone")]
    [InlineData("""{"email":"nope"}""", "email")]
    [InlineData("""{"id":"01a1fb7f-7bd7-7dce-bb48-6f3ae6768108"}""", "id")]
    public async Task Patch_refuses_invalid_values_and_fields(string body, string field)
    {
        var client = await CreateClient();

        var response = await Send(HttpMethod.Patch, $"/api/v1/clients/{Id(client)}", body, "application/merge-patch+json", "\"1\"");

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Delete_hides_the_client_and_a_second_delete_is_404()
    {
        var client = await CreateClient();

        (await Http.DeleteAsync($"/api/v1/clients/{Id(client)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectProblem(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.DeleteAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.NotFound, "not_found");
        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
        await ExpectProblem(await Patch($"/api/v1/clients/{Id(client)}", new { city = "Тула" }, "*"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        var client = await CreateClient();

        await ExpectProblem(await Send(HttpMethod.Delete, $"/api/v1/clients/{Id(client)}", ifMatch: "\"9\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Send(HttpMethod.Delete, $"/api/v1/clients/{Id(client)}", ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_client_with_leads_cannot_be_deleted()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));

        await ExpectProblem(await Http.DeleteAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.Conflict, "client_has_leads");

        (await Http.DeleteAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Http.DeleteAsync($"/api/v1/clients/{Id(client)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Unknown_ids_are_404_problems(string method)
    {
        var response = await Send(new HttpMethod(method), $"/api/v1/clients/{Guid.CreateVersion7()}", method == "PATCH" ? "{}" : null, ifMatch: "*");

        var problem = await ExpectProblem(response, HttpStatusCode.NotFound, "not_found");
        problem["instance"]!.GetValue<string>().Should().StartWith("/api/v1/clients/");
    }
}
