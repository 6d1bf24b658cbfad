// Read iCalendar text on stdin with ical.js (Thunderbird's parser) and print what it understood.
//
// Output: a JSON array with one entry per VCALENDAR on stdin (several may be concatenated, so a
// test can send a batch through one node process), each an array of events:
//   {uid, summary, description, start, end, isDate, zone, status, sequence, alarms}
// `start` and `end` are "YYYY-MM-DD" for dates and UTC "YYYY-MM-DDTHH:MM:SSZ" for date-times,
// computed by ical.js from the file's own VTIMEZONE; `zone` is the zone ical.js attached to the
// start ("floating" when it found no definition for the TZID). `end` is ical.js's own reading:
// DTEND, else DTSTART + DURATION, else the RFC 5545 default. `alarms` are the TRIGGER offsets in
// seconds (negative: before the start). Any parse error exits non-zero.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function when(time) {
  if (time.isDate) {
    return time.toString();
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function eventOf(component) {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: when(event.startDate),
    end: when(event.endDate),
    isDate: event.startDate.isDate,
    zone: event.startDate.isDate ? null : event.startDate.zone.tzid,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    alarms: component
      .getAllSubcomponents("valarm")
      .map((alarm) => alarm.getFirstPropertyValue("trigger").toSeconds()),
  };
}

const parsed = ICAL.parse(readFileSync(0, "utf8"));
const calendars = typeof parsed[0] === "string" ? [parsed] : parsed;
const result = calendars.map((jcal) =>
  new ICAL.Component(jcal).getAllSubcomponents("vevent").map(eventOf),
);
process.stdout.write(JSON.stringify(result) + "\n");
