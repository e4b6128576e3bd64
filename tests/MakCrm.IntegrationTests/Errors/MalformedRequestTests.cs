using System.Net;
using System.Text;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Errors;

/// <summary>However a request is malformed, the answer is a 4xx problem with a code, never a 500, and nothing is written.</summary>
public sealed class MalformedRequestTests(ApiServerFixture server) : ApiTest(server)
{
    public static TheoryData<string> MalformedBodies =>
        new()
        {
            "{",
            "{\"fullName\": \"a\",}",
            "not json",
            "{\"fullName\": 'single quotes'}",
            "\u0000\u0001\u0002",
            new string('[', 100) + new string(']', 100),
        };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Bodies_that_are_not_json_are_malformed_json_problems(string body)
    {
        foreach (var url in new[] { "/api/v1/clients", "/api/v1/leads" })
        {
            await ExpectProblem(await Send(HttpMethod.Post, url, body), HttpStatusCode.BadRequest, "malformed_json");
        }

        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Json_that_is_not_an_object_is_refused(string body)
    {
        await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", body),
            HttpStatusCode.BadRequest,
            "malformed_json"
        );
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", ""),
            HttpStatusCode.BadRequest,
            "malformed_json"
        );
    }

    [Fact]
    public async Task A_body_that_arrives_in_pieces_without_a_length_is_read_whole()
    {
        // 300 KB of whitespace inside the object, sent chunked in 64 KB pieces 30 ms apart: the reader must wait for every piece.
        var json =
            "{\"fullName\":\"Пётр Частями\","
            + new string(' ', 300_000)
            + "\"phone\":\"+79990004242\",\"source\":\"partner\"}";
        using var content = new StreamContent(
            new PieceByPieceStream(Encoding.UTF8.GetBytes(json), pieceSize: 64 * 1024)
        );
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json")
        {
            CharSet = "utf-8",
        };

        var response = await Http.PostAsync("/api/v1/clients", content);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Contain("Пётр Частями");
    }

    /// <summary>A request body of unknown length that hands out at most one piece per read.</summary>
    private sealed class PieceByPieceStream(byte[] bytes, int pieceSize) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, Math.Min(count, pieceSize));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, pieceSize)]);

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer,
            CancellationToken cancellationToken = default
        )
        {
            await Task.Delay(30, cancellationToken); // so that the server reads the first pieces before the rest arrive
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, pieceSize)], cancellationToken);
        }
    }

    [Fact]
    public async Task Duplicate_fields_are_refused()
    {
        var problem = await ExpectProblem(
            await Send(
                HttpMethod.Post,
                "/api/v1/clients",
                """{"fullName":"A","fullName":"B","phone":"+79990000001","source":"partner"}"""
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "fullName").Should().Equal("Appears more than once.");
    }

    [Fact]
    public async Task Numbers_out_of_range_are_field_errors()
    {
        var client = await CreateClient();
        var body = $$"""{"clientId":"{{Id(client)}}","requestedAmount":1e400,"product":"auto"}""";

        var problem = await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/leads", body),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "requestedAmount").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var body =
            "{\"fullName\":\"" + new string('а', 600_000) + "\",\"phone\":\"+79990000002\",\"source\":\"partner\"}";
        Encoding.UTF8.GetByteCount(body).Should().BeGreaterThan(1024 * 1024);

        await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", body),
            HttpStatusCode.RequestEntityTooLarge,
            "payload_too_large"
        );
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415()
    {
        await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", "fullName=A", "application/x-www-form-urlencoded"),
            HttpStatusCode.UnsupportedMediaType,
            "unsupported_media_type"
        );
        await ExpectProblem(
            await Send(HttpMethod.Post, "/api/v1/clients", "{}", "text/plain"),
            HttpStatusCode.UnsupportedMediaType,
            "unsupported_media_type"
        );
    }

    [Fact]
    public async Task A_caller_without_access_gets_its_403_whatever_the_content_type()
    {
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        foreach (var url in new[] { "/api/v1/clients", "/api/v1/imports", "/api/v1/lead-submissions/batch" })
        {
            using var content = new StringContent("{}", Encoding.UTF8, "text/plain");
            await ExpectProblem(await guest.PostAsync(url, content), HttpStatusCode.Forbidden, "forbidden");
        }

        // The account is a user's: an API client is refused before its body is looked at.
        var apiClient = await ExpectJson(
            await Post(
                "/api/v1/api-clients",
                new
                {
                    name = "Content type " + Guid.NewGuid().ToString("N")[..8],
                    organizationId = TestActors.PartnerAlphaOrganization,
                    scopes = new[] { "clients.read.own" },
                }
            ),
            HttpStatusCode.Created
        );
        using var anonymous = Server.CreateHttpClient();
        var tokens = await ExpectJson(
            await anonymous.PostAsync(
                "/connect/token",
                new FormUrlEncodedContent(
                    new Dictionary<string, string>
                    {
                        ["grant_type"] = "client_credentials",
                        ["client_id"] = apiClient["client"]!["clientId"]!.GetValue<string>(),
                        ["client_secret"] = apiClient["clientSecret"]!.GetValue<string>(),
                    }
                )
            ),
            HttpStatusCode.OK
        );
        using var platform = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        using var patch = new StringContent("{}", Encoding.UTF8, "text/plain");
        await ExpectProblem(await platform.PatchAsync("/api/v1/me", patch), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Very_long_text_is_a_field_error_not_a_database_error()
    {
        var response = await Post(
            "/api/v1/clients",
            new
            {
                fullName = new string('б', 5000),
                phone = UniquePhone(),
                source = "partner",
            }
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "fullName").Should().Equal("Must be at most 200 characters.");
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_is_a_field_error()
    {
        var problem = await ExpectProblem(
            await Http.GetAsync($"/api/v1/clients?q={new string('x', 201)}"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "q").Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/clients/not-a-uuid")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v2/clients")]
    public async Task Unknown_routes_are_404_problems(string url)
    {
        await ExpectProblem(await Http.GetAsync(url), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_method_that_a_route_does_not_have_is_405_problem()
    {
        await ExpectProblem(
            await Send(HttpMethod.Put, "/api/v1/clients", "{}"),
            HttpStatusCode.MethodNotAllowed,
            "method_not_allowed"
        );
    }

    [Fact]
    public async Task Every_problem_has_its_own_trace_id()
    {
        var first = await ExpectProblem(
            await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        var second = await ExpectProblem(
            await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"),
            HttpStatusCode.NotFound,
            "not_found"
        );

        first["traceId"]!.GetValue<string>().Should().NotBe(second["traceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trace_id_sent_by_the_caller_is_the_one_in_the_problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/leads/{Guid.CreateVersion7()}");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var problem = await ExpectProblem(await Http.SendAsync(request), HttpStatusCode.NotFound, "not_found");

        problem["traceId"]!.GetValue<string>().Should().Be("0af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Problems_are_sent_with_their_length_not_in_chunks()
    {
        // The client has the whole answer as soon as its bytes arrive, not when the pipeline's last step has run.
        using var anonymous = Server.CreateHttpClient();
        var answers = new[]
        {
            await Http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}"),
            await Send(HttpMethod.Post, "/api/v1/clients", "{"),
            await anonymous.GetAsync("/api/v1/clients"),
        };

        foreach (var response in answers)
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            response.Headers.TransferEncodingChunked.Should().NotBe(true);
            response.Content.Headers.ContentLength.Should().Be(body.Length);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }

        answers
            .Select(r => r.StatusCode)
            .Should()
            .Equal(HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_nul_character_in_a_json_field_is_a_400_naming_the_field_and_nothing_is_written()
    {
        var response = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            "{\"fullName\":\"Иван\\u0000Иванов\",\"phone\":\"+79990004343\",\"source\":\"partner\"}"
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "fullName").Should().Equal("Must not contain the NUL character (U+0000).");
        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_nul_character_deep_in_a_body_is_named_by_its_path()
    {
        var response = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            "{\"fullName\":\"Иван\",\"phone\":\"+79990004344\",\"source\":\"partner\","
                + "\"consent\":{\"givenAt\":\"2026-11-20T09:30:00Z\",\"textVersion\":\"v\\u0000\"}}"
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "consent.textVersion").Should().Equal("Must not contain the NUL character (U+0000).");
    }

    [Fact]
    public async Task An_escaped_backslash_before_u0000_is_text_not_a_nul_character()
    {
        var response = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            "{\"fullName\":\"C:\\\\u0000 Иван\",\"phone\":\"+79990004345\",\"source\":\"partner\"}"
        );

        (await ExpectJson(response, HttpStatusCode.Created))["fullName"]!
            .GetValue<string>()
            .Should()
            .Be("C:\\u0000 Иван");
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("\\udc00\\ud800")]
    [InlineData("Иван\\ud83d")]
    public async Task Text_with_an_unpaired_surrogate_escape_is_a_400_naming_the_field_and_nothing_is_written(
        string escaped
    )
    {
        var response = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            $"{{\"fullName\":\"Иван\",\"phone\":\"+79990004346\",\"source\":\"partner\","
                + $"\"tags\":[\"vip\",\"{escaped}\"]}}"
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "tags[1]")
            .Should()
            .Equal("Must be Unicode text: it holds a UTF-16 surrogate escape without its other half.");
        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unpaired_surrogate_escape_in_a_field_name_or_deep_in_a_free_form_value_is_a_400()
    {
        var inName = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            "{\"fullName\":\"Иван\",\"phone\":\"+79990004347\",\"source\":\"partner\",\"consent\":{\"\\udc00\":1}}"
        );
        FieldErrors(await ExpectProblem(inName, HttpStatusCode.BadRequest, "validation_failed"), "consent")
            .Should()
            .ContainSingle();

        var report = await Send(
            HttpMethod.Post,
            "/api/v1/reports/query",
            """
            {"dataset":"leads","measures":[{"op":"count"}],
             "filter":{"and":[{"or":[{"field":"source","operator":"in","values":["partner","\udc00\ud800"]}]}]}}
            """
        );
        FieldErrors(
                await ExpectProblem(report, HttpStatusCode.BadRequest, "validation_failed"),
                "filter.and[0].or[0].values[1]"
            )
            .Should()
            .ContainSingle();
    }

    [Fact]
    public async Task A_surrogate_pair_escaped_is_a_character_and_is_stored()
    {
        var response = await Send(
            HttpMethod.Post,
            "/api/v1/clients",
            "{\"fullName\":\"Иван \\ud83d\\ude00\",\"phone\":\"+79990004348\",\"source\":\"partner\"}"
        );

        (await ExpectJson(response, HttpStatusCode.Created))["fullName"]!.GetValue<string>().Should().Be("Иван 😀");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("201")]
    [InlineData("99999999999999999999999")]
    public async Task A_page_size_outside_the_contracts_bounds_is_a_400_on_every_list(string limit)
    {
        foreach (var list in new[] { "/api/v1/clients", "/api/v1/settlements", "/api/v1/events" })
        {
            var problem = await ExpectProblem(
                await Http.GetAsync($"{list}?limit={limit}"),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(problem, "limit").Should().Equal("Must be between 1 and 200.");
        }
    }

    [Fact]
    public async Task A_nul_character_in_a_query_parameter_is_a_400_naming_it()
    {
        var problem = await ExpectProblem(
            await Http.GetAsync("/api/v1/clients?q=a%00b"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        FieldErrors(problem, "q").Should().Equal("Must not contain the NUL character (U+0000).");
    }

    [Fact]
    public async Task A_nul_character_in_the_token_form_is_an_invalid_request_not_a_500()
    {
        using var anonymous = Server.CreateHttpClient();
        var response = await anonymous.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["client_id"] = "mak-cabinet",
                    ["username"] = "admin\u0000@test.mak",
                    ["password"] = "x",
                }
            )
        );

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        error["error"]!.GetValue<string>().Should().Be("invalid_request");
        error["error_description"]!.GetValue<string>().Should().Contain("invalid characters");
    }

    [Fact]
    public async Task A_token_form_of_more_than_1024_fields_is_an_invalid_request()
    {
        using var anonymous = Server.CreateHttpClient();
        var fields = Enumerable
            .Range(0, 1100)
            .Select(i => KeyValuePair.Create($"f{i}", "1"))
            .Append(KeyValuePair.Create("grant_type", "password"));

        var response = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(fields));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!
            .GetValue<string>()
            .Should()
            .Be("invalid_request");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_property_name_is_malformed_json()
    {
        byte[] body = [.. "{\""u8, 0xFF, 0xFE, .. "\":1,\"fullName\":\"Иван\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        await ExpectProblem(
            await Http.PostAsync("/api/v1/clients", content),
            HttpStatusCode.BadRequest,
            "malformed_json"
        );
    }

    [Fact]
    public async Task A_null_inside_an_array_of_objects_is_an_error_of_the_array_naming_the_index()
    {
        var pipeline = (await ExpectJson(await Http.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]![0]!;

        var response = await Send(
            HttpMethod.Post,
            $"/api/v1/pipelines/{pipeline["id"]}/stages",
            "{\"name\":\"Проверка\",\"triggers\":[null]}"
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "triggers").Should().Equal("At index 0: must not be null.");
    }

    [Fact]
    public async Task Nested_objects_are_checked_field_by_field()
    {
        var pipeline = (await ExpectJson(await Http.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]![0]!;

        var response = await Send(
            HttpMethod.Post,
            $"/api/v1/pipelines/{pipeline["id"]}/stages",
            "{\"name\":\"Проверка\",\"triggers\":[{\"kind\":\"notify\",\"dueInHours\":\"soon\",\"colour\":1},{}]}"
        );

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "triggers[0].dueInHours").Should().Equal("Must be a whole number.");
        FieldErrors(problem, "triggers[0].colour").Should().Equal("Is not a field of this request.");
        FieldErrors(problem, "triggers[1].kind").Should().Equal("Is required.");
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=another")]
    public async Task A_multipart_import_without_its_boundary_is_a_400(string contentType)
    {
        var body = "--b0\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nclients\r\n--b0--\r\n";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        await ExpectProblem(await Http.PostAsync("/api/v1/imports", content), HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task A_multipart_import_cut_off_before_its_end_is_a_400()
    {
        var body =
            "--b0\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nclients\r\n--b0\r\nContent-Disposition: " +
            "form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nfullName,phone\r\nИван,+7999";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b0");

        await ExpectProblem(await Http.PostAsync("/api/v1/imports", content), HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task A_multipart_import_of_more_than_1024_parts_is_a_400()
    {
        using var form = new MultipartFormDataContent("b0");
        for (var i = 0; i < 1100; i++)
        {
            form.Add(new StringContent("1"), $"f{i}");
        }

        form.Add(new StringContent("clients"), "kind");
        form.Add(new ByteArrayContent("fullName,phone\r\nИван,+79990001212\r\n"u8.ToArray()), "file", "a.csv");

        await ExpectProblem(await Http.PostAsync("/api/v1/imports", form), HttpStatusCode.BadRequest, "bad_request");
        (await ExpectJson(await Http.GetAsync("/api/v1/imports"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Should()
            .BeEmpty();
    }

    [Fact]
    public async Task A_nul_character_in_an_import_form_field_is_a_400_naming_it()
    {
        using var form = new MultipartFormDataContent("b0");
        form.Add(new StringContent("clients"), "kind");
        form.Add(new StringContent("part\u0000ner"), "source");
        form.Add(new ByteArrayContent("fullName,phone\r\nИван,+79990001213\r\n"u8.ToArray()), "file", "a.csv");

        var problem = await ExpectProblem(
            await Http.PostAsync("/api/v1/imports", form),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(problem, "source").Should().Equal("Must not contain the NUL character (U+0000).");
    }

    [Fact]
    public async Task What_the_http_server_refuses_itself_is_still_a_4xx()
    {
        // Kestrel answers these before the application runs, so without a problem body (the README lists them).
        using var raw = new System.Net.Sockets.TcpClient();
        await raw.ConnectAsync(Server.BaseAddress.Host, Server.BaseAddress.Port);
        var stream = raw.GetStream();
        await stream.WriteAsync(
            Encoding.ASCII.GetBytes(
                $"GET /api/v1/clients/%00 HTTP/1.1\r\nHost: {Server.BaseAddress.Authority}\r\nConnection: close\r\n\r\n"
            )
        );
        var answer = await new StreamReader(stream).ReadToEndAsync();
        answer.Should().StartWith("HTTP/1.1 400");

        var longLine = await Http.GetAsync("/api/v1/clients?q=" + new string('x', 9000));
        longLine.StatusCode.Should().Be(HttpStatusCode.RequestUriTooLong);
    }
}
