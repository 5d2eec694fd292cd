local at = tonumber(ARGV[1])
local function without(value, at, first)
  if value and #value >= first + 7 and #value % 8 == 0 then
    for i = #value - 7, first, -8 do
      local entry = struct.unpack('>d', value, i)
      if entry == at then return string.sub(value, 1, i - 1) .. string.sub(value, i + 8) end
      if entry < at then return nil end
    end
  end
  return nil
end

