from tests.web.conftest import client_for, user_of


def test_a_system_lead_sees_their_plan(world):
    lead = user_of("system_lead")
    response = client_for(lead).get(f"/plans/{lead.system_id}/")
    assert response.status_code == 200
    assert lead.system.name in response.content.decode()
