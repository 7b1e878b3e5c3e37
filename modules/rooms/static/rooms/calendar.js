/* Staff room calendar (R1): FullCalendar month/week/day; every create, move and resize is
   decided by the server (the same rules as every other booking path). The office's time
   zone is a named zone without a plugin, so FullCalendar passes wall-clock times without an
   offset and the server reads them in the office's zone. */
(function () {
  "use strict";

  var TENTATIVE_COLOUR = "#b7791f"; // amber: waiting for approval

  // A booking's colours that stay readable, as common.colours.readable does for status
  // badges: black or white text on the room's colour, whichever reaches WCAG's 4.5:1, else
  // the colour shaded darker with white text (#6f8f2f reached neither).
  function luminance(hex) {
    return [1, 3, 5]
      .map(function (i) {
        var c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      })
      .reduce(function (sum, c, i) {
        return sum + c * [0.2126, 0.7152, 0.0722][i];
      }, 0);
  }
  function readable(hex) {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex || "")) return [hex, "#ffffff"];
    var l = luminance(hex);
    var onWhite = 1.05 / (l + 0.05);
    var onDark = (l + 0.05) / (0.0181 + 0.05); // #212529
    if (onDark > onWhite && onDark >= 4.5) return [hex, "#212529"];
    var channels = [1, 3, 5].map(function (i) {
      return parseInt(hex.slice(i, i + 2), 16);
    });
    var shaded = hex;
    while (1.05 / (luminance(shaded) + 0.05) < 4.5) {
      channels = channels.map(function (c) {
        return Math.floor(c * 0.92);
      });
      shaded = "#" + channels.map(function (c) {
        return ("0" + c.toString(16)).slice(-2);
      }).join("");
    }
    return [shaded, "#ffffff"];
  }

  function post(url, data, csrf) {
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(data),
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function init() {
    var el = document.getElementById("rooms-calendar");
    if (!el) return;
    var roomSelect = document.getElementById("calendar-room");
    var message = document.getElementById("calendar-message");
    var csrf = el.dataset.csrf;

    function say(text, ok) {
      message.textContent = text || "";
      message.className = text ? "alert " + (ok ? "alert-success" : "alert-danger") : "d-none";
    }

    function move(info) {
      post(
        el.dataset.moveUrl.replace("0", info.event.id),
        { start: info.event.startStr, end: info.event.endStr },
        csrf
      ).then(function (result) {
        if (!result.ok) {
          info.revert();
          say(result.body.detail, false);
        } else {
          say(result.body.detail, true);
        }
      });
    }

    // The office's wall time from the server (data-now), kept running: FullCalendar without
    // a zone plugin takes "today" from UTC, not from the office's zone.
    var wallOffset = el.dataset.now ? Date.parse(el.dataset.now + "Z") - Date.now() : 0;

    var calendar = new FullCalendar.Calendar(el, {
      timeZone: el.dataset.timeZone,
      locale: el.dataset.locale,
      // ?view=day (the dashboard's "today" tile) opens the day; phones always get the day.
      initialView:
        el.dataset.initialView === "day" || window.innerWidth < 768 ? "timeGridDay" : "timeGridWeek",
      initialDate: el.dataset.initialDate || undefined,
      now: function () {
        return new Date(Date.now() + wallOffset).toISOString().slice(0, 19);
      },
      headerToolbar: {
        left: "prev,next today",
        center: "title",
        right: "dayGridMonth,timeGridWeek,timeGridDay",
      },
      firstDay: 1,
      nowIndicator: true,
      selectable: true,
      selectMirror: true,
      editable: true,
      allDaySlot: false,
      slotMinTime: el.dataset.slotMin || "07:00:00",
      slotMaxTime: el.dataset.slotMax || "21:00:00",
      snapDuration: "00:30:00",
      height: "auto",
      // "10:00", not "10" (the Polish locale's month view gave the hour alone).
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      // The month view cut an entry to "10 Sala Tatry · J": there each entry gives its start
      // and end and, under them, room, who and subject on as many lines as they need (on a
      // phone the time only: a day is 50 px wide; vireo.css). Every view's entry names
      // itself in full in a tooltip (a short booking in the week view shows its time only).
      views: {
        dayGridMonth: {
          displayEventEnd: true,
          eventContent: function (arg) {
            var box = document.createElement("div");
            box.className = "rooms-month-event";
            box.style.borderLeftColor = arg.backgroundColor || arg.borderColor;
            var time = document.createElement("div");
            time.className = "fc-event-time";
            // A phone's day is 50 px wide: the start alone ("10:00"), on one line.
            time.textContent =
              window.innerWidth < 768 ? arg.event.startStr.slice(11, 16) : arg.timeText;
            var title = document.createElement("div");
            title.className = "fc-event-title";
            title.textContent = arg.event.title;
            box.append(time, title);
            return { domNodes: [box] };
          },
        },
      },
      eventDidMount: function (info) {
        // Wall-clock strings without an offset (the office's zone, see the top).
        info.el.title =
          info.event.startStr.slice(11, 16) + "\u2013" + info.event.endStr.slice(11, 16) +
          " " + info.event.title;
      },
      // The server sends compact rows (selectors.CALENDAR_SQL): [id, room, tentative,
      // "who · subject", wall start, wall end] and the rooms once as {id: [name, colour]}.
      events: function (info, success, failure) {
        var params = new URLSearchParams({
          start: info.startStr,
          end: info.endStr,
          room: roomSelect.value,
        });
        fetch(el.dataset.eventsUrl + "?" + params.toString(), { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then(function (data) {
            success(
              data.events.map(function (row) {
                var room = data.rooms[row[1]] || ["", ""];
                var state = row[2] ? "tentative" : "confirmed";
                return {
                  id: String(row[0]),
                  title: [room[0], row[3]].filter(Boolean).join(" \u00b7 "),
                  start: row[4].replace(" ", "T").slice(0, 16),
                  end: row[5].replace(" ", "T").slice(0, 16),
                  url: el.dataset.detailUrl.replace("0", row[0]),
                  color: readable(row[2] ? TENTATIVE_COLOUR : room[1])[0],
                  textColor: readable(row[2] ? TENTATIVE_COLOUR : room[1])[1],
                  classNames: ["booking-" + state],
                };
              })
            );
          })
          .catch(failure);
      },
      select: function (info) {
        var params = new URLSearchParams({
          room: roomSelect.value || "",
          day: info.startStr.slice(0, 10),
          start: info.startStr.slice(11, 16),
          end: info.endStr.slice(11, 16),
        });
        window.location.assign(el.dataset.createUrl + "?" + params.toString());
      },
      eventDrop: move,
      eventResize: move,
    });
    calendar.render();
    // FullCalendar's arrow icons are role="img" without a name; the buttons have one.
    el.querySelectorAll(".fc-icon").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
    });
    roomSelect.addEventListener("change", function () {
      calendar.refetchEvents();
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
