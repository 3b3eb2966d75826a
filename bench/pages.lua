-- wrk: GET the calls list with a different page (1..20) and query on every request, so that no
-- request finds a kept answer: what a list costs to make.
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/customers/me/calls?page=" .. (counter % 20 + 1) .. "&n=" .. counter)
end
