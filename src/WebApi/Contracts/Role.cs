using MakCrm.Application.Access;

namespace MakCrm.WebApi.Contracts;

