// Viewer-request function of the web and static behaviours (runtime
// cloudfront-js-2.0). API_PREFIX and STRIP are filled in by package cdn.
// It canonicalises the URI (percent-decoding repeatedly, %2F and %5C
// included; backslash to slash; duplicate slashes collapsed; dot segments
// and ;parameters removed; lower case) and refuses any request whose
// canonical path is under the API prefix, so no case, slash or encoding
// variant of an API path takes the web route to the pods without a JWT.
// It also drops the headers that only the edge itself may set.
var API_PREFIX = "__API_PREFIX__";
var STRIP = __STRIP__;
var STRIP_PREFIX = "__STRIP_PREFIX__";

function canonical(uri) {
  var u = uri;
  for (var i = 0; i < 8; i++) {
    var d = decodeURIComponent(u);
    if (d === u) {
      break;
    }
    u = d;
  }
  if (u !== decodeURIComponent(u)) {
    return null;
  }
  var segs = u.replace(/\\/g, "/").split("/");
  var out = [];
  for (var j = 0; j < segs.length; j++) {
    var s = segs[j].split(";")[0].trim();
    if (s === "" || s === ".") {
      continue;
    }
    if (s === "..") {
      out.pop();
      continue;
    }
    out.push(s);
  }
  return ("/" + out.join("/")).toLowerCase();
}

function handler(event) {
  var request = event.request;
  var c;
  try {
    c = canonical(request.uri);
  } catch (e) {
    c = null;
  }
  if (c === null) {
    return { statusCode: 400, statusDescription: "Bad Request" };
  }
  var bare = API_PREFIX.slice(0, -1);
  if (c === bare || c.indexOf(API_PREFIX) === 0) {
    return { statusCode: 403, statusDescription: "Forbidden" };
  }
  for (var h in request.headers) {
    if (STRIP.indexOf(h) >= 0 || h.indexOf(STRIP_PREFIX) === 0) {
      delete request.headers[h];
    }
  }
  return request;
}
