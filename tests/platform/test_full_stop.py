from common.formats import one_full_stop
from modules.notifications.sandbox import render


def test_a_name_ending_in_a_dot_ends_the_sentence_once():
    assert one_full_stop("Dodano klienta Zielony Las sp. z o.o..") == (
        "Dodano klienta Zielony Las sp. z o.o."
    )
    assert one_full_stop("Czekaj... gotowe.") == "Czekaj... gotowe."
    assert render("Nowa poczta dla {{ client_name }}.", {"client_name": "Alfa sp. z o.o."}) == (
        "Nowa poczta dla Alfa sp. z o.o."
    )


def test_messages_on_a_page_have_one_full_stop(office_a, staff_a):
    from django.template.loader import render_to_string

    html = render_to_string(
        "partials/messages.html", {"messages": ["Zapisano dla Beta sp. z o.o.."]}
    )
    assert "Zapisano dla Beta sp. z o.o.\n" in html and "o.o.." not in html
