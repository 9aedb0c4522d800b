/* Opening hours as the visitor reads them, in the visitor's language. */

// 2024-01-01 was a Monday: the weekday names of that week, in `lang`.
function dayName(index, lang) {
  return new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2024, 0, 1 + index)));
}

var DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/* "mon-fri 09:00-18:00; sat 10:00-14:00" (the server's form) as "Mon–Fri 09:00–18:00; Sat …". */
export function hoursText(hours, lang, zone) {
  var text = hours.replace(/[a-z]{3}/g, function (day) {
    var index = DAYS.indexOf(day);
    return index < 0 ? day : dayName(index, lang);
  }).replace(/-/g, '–');
  return zone ? text + ' (' + zone + ')' : text;
}

/* When the button opens next, in the visitor's own time zone: "Monday 09:00". */
export function opensText(iso, lang) {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso));
}
