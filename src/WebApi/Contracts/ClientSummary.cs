using MakCrm.Application.Clients;

namespace MakCrm.WebApi.Contracts;

