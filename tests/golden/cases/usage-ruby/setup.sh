cat > app.rb <<'EOF'
a = ENV["R_A"]
b = ENV.fetch("R_B", "dflt")
c = ENV.fetch "R_C"
d = ENV.key?("R_D")
# ENV["R_COMMENT"]
=begin
ENV["R_BEGIN"]
=end
s = "x #{ENV['R_INTERP']} y"
t = 'ENV["R_SQ"]'
h = <<~SQL
  ENV["R_HEREDOC"]
SQL
e = ENV['R_AFTER']
w = %w[ENV["R_PERCENT"]]
f = ENV[name]
g = ENV["R_OR"] || "x"
i = ::ENV["R_TOP"]
EOF
printf 'x = ENV["R_CRLF"]\r\n' > Rakefile
